/**
 * The embedded DynamoDB Local never outlives the Node process that started it, whatever way that process ends.
 * Each case starts a real child Node process (test/helpers/embedded-lifetime-child.ts) that starts the real
 * DynamoDB Local; the Java process is found in the process table before the child is ended, and must be gone
 * — together with everything its supervisor started — a few seconds after.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { until } from '../../helpers/until';

const ROOT = new URL('../../..', import.meta.url).pathname;
const HELPER = 'test/helpers/embedded-lifetime-child.ts';
/** How long the Java process may outlive its starter. */
const GONE_WITHIN_MS = 5000;

interface Proc {
  pid: number;
  pgid: number;
  args: string;
}

/** Live processes (zombies count as gone: they hold no memory and are only waiting to be reaped). */
function processes(): Proc[] {
  const out = execFileSync('ps', ['-A', '-ww', '-o', 'pid=', '-o', 'pgid=', '-o', 'stat=', '-o', 'args='], { encoding: 'utf8' });
  const procs: Proc[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (m && !m[3]!.startsWith('Z')) procs.push({ pid: Number(m[1]), pgid: Number(m[2]), args: m[4]! });
  }
  return procs;
}

/** The Java process itself (its command is java; the supervisor's command line also names the jar). */
const javaOn = (port: number): Proc[] =>
  processes().filter((p) => /^\S*java\s/.test(p.args) && p.args.includes('DynamoDBLocal.jar') && new RegExp(`-port ${port}(\\s|$)`).test(p.args));

interface Started {
  child: ChildProcess;
  port: number;
  java: Proc;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the helper in its own process group (so a terminal's Ctrl-C can be imitated), finds its Java, then
 * lets it go on (the helper waits for a line on stdin, so it cannot end before its Java has been found).
 */
async function start(mode: string): Promise<Started> {
  const child = spawn(process.execPath, ['bin/run-ts.js', HELPER, mode], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  child.stdin!.on('error', () => undefined);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.once('exit', (code, signal) => res({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (): void => {
      const m = /port=(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => reject(new Error(`helper ended before DynamoDB was up (${code ?? signal}):\n${err}`)));
  });
  const found = javaOn(port);
  if (found.length !== 1) {
    for (const p of found) process.kill(p.pid, 'SIGKILL');
    process.kill(-child.pid!, 'SIGKILL');
  }
  expect(found.map((p) => p.args.slice(0, 60)), `the DynamoDB Local java process on port ${port}`).toHaveLength(1);
  child.stdin!.end('go\n');
  return { child, port, java: found[0]!, stdout: () => out, stderr: () => err, exited };
}

/** Everything left of the Java process and of its process group (the supervisor and its watchers). */
const leftOf = (s: Started): Proc[] => processes().filter((p) => p.pid === s.java.pid || (p.pgid === s.java.pgid && p.pgid !== s.child.pid));

function cleanUp(s: Started | undefined): void {
  if (!s) return;
  for (const p of leftOf(s)) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  try {
    process.kill(-s.child.pid!, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

async function expectJavaGone(s: Started): Promise<void> {
  const gone = await until(() => leftOf(s).length === 0, GONE_WITHIN_MS);
  expect(gone ? [] : leftOf(s).map((p) => `${p.pid} ${p.args.slice(0, 120)}`), 'processes left behind').toEqual([]);
}

type Case = [name: string, mode: string, end: (s: Started) => void, check: (r: { code: number | null; signal: NodeJS.Signals | null }, s: Started) => void];

const cases: Case[] = [
  ['an uncaught exception', 'uncaught', () => undefined, (r, s) => {
    expect(r.code).toBe(1);
    expect(s.stderr()).toContain('deliberate uncaught exception');
  }],
  ['an unhandled rejection', 'rejection', () => undefined, (r, s) => {
    expect(r.code).toBe(1);
    expect(s.stderr()).toContain('deliberate unhandled rejection');
  }],
  ['process.exit()', 'exit', () => undefined, (r) => expect(r.code).toBe(0)],
  ['SIGTERM', 'wait', (s) => s.child.kill('SIGTERM'), (r) => expect(r.signal).toBe('SIGTERM')],
  ['SIGINT', 'wait', (s) => s.child.kill('SIGINT'), (r) => expect(r.signal).toBe('SIGINT')],
  ['Ctrl-C (SIGINT to its whole process group)', 'wait', (s) => process.kill(-s.child.pid!, 'SIGINT'), (r) => expect(r.signal).toBe('SIGINT')],
  ['SIGHUP', 'wait', (s) => s.child.kill('SIGHUP'), (r) => expect(r.signal).toBe('SIGHUP')],
  ['SIGKILL', 'wait', (s) => s.child.kill('SIGKILL'), (r) => expect(r.signal).toBe('SIGKILL')],
];

describe.runIf(process.platform !== 'win32')('embedded DynamoDB Local lifetime', () => {
  it.each(cases)('ends when its starter ends by %s', async (_name, mode, end, check) => {
    let s: Started | undefined;
    try {
      s = await start(mode);
      end(s);
      check(await s.exited, s);
      await expectJavaGone(s);
    } finally {
      cleanUp(s);
    }
  });

  it('is already gone when stop() resolves, and the starter then ends by itself', async () => {
    let s: Started | undefined;
    try {
      s = await start('stop');
      const r = await s.exited;
      expect(s.stdout()).toContain('stopped');
      expect(r.code).toBe(0);
      expect(javaOn(s.port)).toEqual([]);
      await expectJavaGone(s);
    } finally {
      cleanUp(s);
    }
  });

  it('outlives a Ctrl-C that its starter handles (as `serve` does), until the starter stops it', async () => {
    let s: Started | undefined;
    try {
      s = await start('graceful');
      process.kill(-s.child.pid!, 'SIGINT');
      const r = await s.exited;
      expect(s.stdout()).toContain('SIGINT still-up=true');
      expect(r.code).toBe(0);
      await expectJavaGone(s);
    } finally {
      cleanUp(s);
    }
  });
});
