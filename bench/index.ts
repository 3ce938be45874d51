export {};
/**
 * `npm run bench [-- NAME…]`: runs the named benchmarks (all when none is named). Each prints lines of the form
 * `name: value unit (R.Rx vs baseline)`, the baseline measured in the same run.
 */
const all = ['rules', 'dedup', 'serve', 'publish', 'coldstart', 'stall', 'enrich', 'pipeline', 'scale'];
const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of names.length ? names : all) {
  if (!all.includes(name)) {
    console.error(`bench: unknown benchmark "${name}" (known: ${all.join(', ')})`);
    process.exitCode = 2;
    continue;
  }
  const mod = (await import(`./${name}.ts`)) as { default: () => Promise<void> };
  await mod.default();
}
