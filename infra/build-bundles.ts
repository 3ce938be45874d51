/**
 * Builds the Lambda bundles with esbuild directly, with the options serverless-esbuild uses
 * (infra/esbuild.config.cjs), into OUT/functions/*.js next to a {"type":"module"} package.json — the layout of
 * the deployment package. For the cold-start bench; `npm run package` is what deploys.
 *
 *   node bin/run-ts.js infra/build-bundles.ts OUT
 */
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const FUNCTIONS = ['dispatch', 'poll', 'publish'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/** The esbuild subset of serverless-esbuild's options (its own keys removed). */
export function esbuildOptions(): BuildOptions {
  const all = createRequire(import.meta.url)('./esbuild.config.cjs').options as Record<string, unknown>;
  const { outputFileExtension, exclude, keepOutputDirectory, packager, installExtraArgs, ...esbuild } = all;
  void outputFileExtension, exclude, keepOutputDirectory, packager, installExtraArgs;
  return esbuild as BuildOptions;
}

export interface Bundle {
  fn: FunctionName;
  file: string;
  bytes: number;
  metafile: Metafile;
}

export async function buildBundles(outDir: string): Promise<Bundle[]> {
  const dir = join(outDir, 'functions');
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(ROOT, 'functions/package.json'), join(dir, 'package.json'));
  return Promise.all(
    FUNCTIONS.map(async (fn) => {
      const file = join(dir, `${fn}.js`);
      const result = await build({ ...esbuildOptions(), absWorkingDir: ROOT, entryPoints: [join(ROOT, `functions/${fn}.ts`)], outfile: file, logLevel: 'warning' });
      const metafile = result.metafile!;
      return { fn, file, bytes: Object.values(metafile.outputs)[0]!.bytes, metafile };
    }),
  );
}

if (process.argv[1]?.endsWith('build-bundles.ts')) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: build-bundles.ts OUT');
    process.exitCode = 2;
  } else {
    for (const b of await buildBundles(resolve(out))) console.log(`${b.fn}: ${b.file} ${(b.bytes / 1024).toFixed(0)} KiB`);
  }
}
