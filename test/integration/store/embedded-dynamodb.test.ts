/**
 * The embedded DynamoDB Local leaves no orphan Java process: not on stop(), and not when the Node process that
 * started it is killed outright (SIGKILL runs no exit hook; the shell watchdog notices the parent is gone).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '../../helpers/until';

const ROOT = new URL('../../..', import.meta.url).pathname;
const javaFor = (dataDir: string): number => {
  try {
    return execFileSync('pgrep', ['-f', `DynamoDBLocal.jar.*${dataDir}`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
};

describe.runIf(process.platform !== 'win32')('embedded DynamoDB Local', () => {
  it('is stopped when the Node process that started it is killed with SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-orphan-'));
    const script = join(dir, 'start.mts');
    writeFileSync(
      script,
      `import { startEmbeddedDynamo } from ${JSON.stringify(join(ROOT, 'src/adapters/embedded-dynamodb.ts'))};\n` +
        `await startEmbeddedDynamo({ dataDir: ${JSON.stringify(join(dir, 'data'))} });\nconsole.log('up');\nsetInterval(() => {}, 1000);\n`,
    );
    const child = spawn(process.execPath, ['bin/run-ts.js', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => d.toString().includes('up') && resolve());
        child.once('exit', (code) => reject(new Error(`starter exited early (${code})`)));
      });
      expect(javaFor(dir)).toBeGreaterThan(0);
      child.kill('SIGKILL');
      expect(await until(() => javaFor(dir) === 0, 8000)).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
