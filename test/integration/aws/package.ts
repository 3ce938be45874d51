/**
 * Runs `osls package` (offline: no credentials, no network) into an output folder. The esbuild work folder
 * (.esbuild/) keeps each bundle's metafile. Packages of one checkout are made one at a time, across processes
 * (test files run in parallel): each run empties and refills .esbuild/.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Template } from './cfn-check';

export const ROOT = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

export interface Packaged {
  dir: string;
  template: Template;
  zips: string[];
  log: string;
}

export async function oslsPackage(outDir: string, args: string[] = []): Promise<Packaged> {
  const { stdout, stderr } = await packagingLock(async () => {
    const out = await run(process.execPath, [join(ROOT, 'node_modules/osls/bin/serverless.js'), 'package', '--package', outDir, ...args], {
    cwd: ROOT,
    // No AWS credentials and no profile: packaging must not need them.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_SDK_LOAD_CONFIG: '0', SLS_TELEMETRY_DISABLED: '1' },
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
    });
    // The metafiles of this package's bundles, kept beside it: the next package empties .esbuild/.
    const built = join(ROOT, '.esbuild/.build/functions');
    mkdirSync(join(outDir, 'meta'), { recursive: true });
    for (const f of readdirSync(built).filter((n) => n.endsWith('-meta.json'))) cpSync(join(built, f), join(outDir, 'meta', f));
    return out;
  });
  return {
    dir: outDir,
    template: JSON.parse(readFileSync(join(outDir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template,
    zips: readdirSync(outDir).filter((f) => f.endsWith('.zip')),
    log: stdout + stderr,
  };
}

const LOCK = join(tmpdir(), `wiresieve-package-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Runs `task` holding this checkout's packaging lock (a folder; a holder that died leaves it stale, and it is taken over). */
export async function packagingLock<T>(task: () => Promise<T>): Promise<T> {
  for (const started = Date.now(); ; ) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch {
      let holder = NaN;
      try {
        holder = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
      } catch {
        /* being written */
      }
      if (Number.isInteger(holder) && holder > 0 && !alive(holder)) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() - started > 300_000) throw new Error(`package: ${LOCK} held for 5 minutes by process ${holder}`);
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await task();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** esbuild metafile of one function's bundle in a package, as serverless-esbuild wrote it. */
export function metafile(pkg: Packaged, fn: string): { inputs: Record<string, unknown>; outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }> } {
  return JSON.parse(readFileSync(join(pkg.dir, 'meta', `${fn}-meta.json`), 'utf8'));
}

/** Names of the files in a zip archive (central directory; enough for the deployment packages). */
export function zipEntries(file: string): string[] {
  const buf = readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`zip: no end of central directory in ${file}`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`zip: bad central directory entry in ${file}`);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    names.push(buf.subarray(at + 46, at + 46 + nameLen).toString('utf8'));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return names.sort();
}

/** Unpacks a deployment package (stored or deflated entries, as osls writes them) into `dir`, as Lambda does. */
export function extractZip(file: string, dir: string): void {
  const buf = readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`zip: no end of central directory in ${file}`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    at += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (name.split('/').includes('..')) throw new Error(`zip: entry ${name} leaves the folder`);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + size);
    const body = method === 0 ? raw : method === 8 ? inflateRawSync(raw) : undefined;
    if (!body) throw new Error(`zip: entry ${name} uses compression method ${method}`);
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
}
