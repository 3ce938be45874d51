/**
 * moto_server (moto 5.2.1, a Python package: `pip install "moto[server]==5.2.1"`), started by the test on a free
 * loopback port, in memory, and stopped by its process id. It stands in for the AWS APIs DynamoDB Local does not
 * cover (SQS, S3, CloudFormation, Lambda's control plane, DynamoDB Streams, point-in-time restore). MOTO_SERVER
 * names another binary; without one the tests fail saying so (they never skip).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';

export const MOTO_SERVER = process.env.MOTO_SERVER || 'moto_server';

/** What the SDK clients need to talk to moto (any key works; the account is moto's default). */
export const MOTO_ACCOUNT = '123456789012';
export const MOTO_CREDENTIALS = { accessKeyId: 'AKIAMOTOTESTING', secretAccessKey: 'moto-test-only' };

export interface Moto {
  endpoint: string;
  port: number;
  /** The server's output so far (for a failure's message). */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startMoto(): Promise<Moto> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<string>((resolve) => {
      child.once('error', (err) => resolve(`${MOTO_SERVER} did not start (${err.message}): pip install "moto[server]==5.2.1", or set MOTO_SERVER to its path`));
      child.once('exit', (code) => resolve(`${MOTO_SERVER} exited (${code}) before answering:\n${out}`));
    });
    const endpoint = `http://127.0.0.1:${port}`;
    const ready = (async () => {
      for (const started = Date.now(); Date.now() - started < 30_000; ) {
        try {
          const res = await fetch(`${endpoint}/moto-api/data.json`);
          if (res.ok) return 'ready';
        } catch {
          /* not listening yet */
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      return `${MOTO_SERVER} did not answer on ${endpoint} within 30 s:\n${out}`;
    })();
    const outcome = await Promise.race([ready, exited]);
    if (outcome === 'ready') {
      return {
        endpoint,
        port,
        output: () => out,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    child.kill('SIGKILL');
    // Another process took the port between our probe and moto's bind: try another one.
    if (/address already in use/i.test(outcome) && attempt < 3) continue;
    throw new Error(outcome);
  }
}

/**
 * A moto_server and an S3 client on it for the test file or describe block this is called in (started in its
 * beforeAll, stopped in its afterAll); read the fields inside tests.
 */
export function motoS3(): { moto: Moto; s3: S3Client } {
  const ctx = {} as { moto: Moto; s3: S3Client };
  beforeAll(async () => {
    ctx.moto = await startMoto();
    ctx.s3 = new S3Client({ region: 'us-east-1', endpoint: ctx.moto.endpoint, forcePathStyle: true, credentials: MOTO_CREDENTIALS });
  });
  afterAll(async () => {
    ctx.s3?.destroy();
    await ctx.moto?.stop();
  });
  return ctx;
}
