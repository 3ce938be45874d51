/**
 * The W3C Feed Validator over the fixture site (./fixture-server.ts): the current RSS and Atom feeds, a topic's,
 * and every archive page reachable by prev-archive / next-archive, each validated offline with the URL it is
 * served from. A check by hand, like screenshot.ts: the validator is not part of the project
 * (../shared/tools/feedvalidator/README.md says how to lay it out).
 *
 *   node bin/run-ts.js test/browser/validate-site.ts /tmp/feedvalidator/validate.py
 *
 * Prints one line per document and exits 1 if any has an error or a warning.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFixtureServer } from './fixture-server';

const validator = process.argv[2];
if (!validator) {
  console.error('usage: validate-site.ts PATH/TO/validate.py');
  process.exit(2);
}
const server = await startFixtureServer(0, 10);
const dir = mkdtempSync(join(tmpdir(), 'ws-validate-'));
const text = async (path: string) => (await fetch(`${server.url}${path}`)).text();
const days = new Set<string>();
const queue = [...(await text('/feed.atom')).matchAll(/archive\/(\d{4}-\d\d-\d\d)\./g)].map((m) => m[1]!);
while (queue.length) {
  const day = queue.pop()!;
  if (days.has(day)) continue;
  days.add(day);
  for (const m of (await text(`/archive/${day}.atom`)).matchAll(/archive\/(\d{4}-\d\d-\d\d)\./g)) queue.push(m[1]!);
}
const paths = ['/feed.xml', '/feed.atom', '/topics/sanctions.xml', '/topics/sanctions.atom', ...[...days].sort().flatMap((d) => [`/archive/${d}.xml`, `/archive/${d}.atom`])];
let failed = 0;
for (const path of paths) {
  const file = join(dir, path.slice(1).replaceAll('/', '_'));
  writeFileSync(file, await text(path));
  let out: string;
  try {
    out = execFileSync('/usr/bin/python3', [validator, file, '--base', `${server.url}${path}`], { encoding: 'utf8' });
  } catch (err) {
    out = String((err as { stdout?: string }).stdout ?? err);
    failed++;
  }
  console.log(`${path}: ${out.trim().split('\n').at(-1)}`);
}
await server.close();
process.exit(failed ? 1 : 0);
