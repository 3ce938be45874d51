/**
 * Opens the fixture server's /feed.xml, /feed.atom and / in headless Chromium (Debian package `chromium`) and
 * writes screenshots, to check by eye that the XSLT view and the HTML index render. Not part of the vitest
 * suite (it needs chromium).
 *
 *   node bin/run-ts.js test/browser/screenshot.ts [OUT_DIR]      (default: a new folder under the OS tmp dir)
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startFixtureServer } from './fixture-server';

const run = promisify(execFile);
const out = process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'wiresieve-screens-')));
await mkdir(out, { recursive: true });
const server = await startFixtureServer(0, 10);
try {
  for (const [name, path] of [['feed-rss', '/feed.xml'], ['feed-atom', '/feed.atom'], ['index', '/']] as const) {
    const profile = await mkdtemp(join(tmpdir(), 'chromium-profile-'));
    const file = join(out, `${name}.png`);
    try {
      await run('chromium', [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, '--window-size=1000,1200',
        `--screenshot=${file}`, server.url + path,
      ], { timeout: 60_000 });
      console.log(`${path} -> ${file}`);
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
  }
} finally {
  await server.close();
}
