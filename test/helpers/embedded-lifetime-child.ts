/**
 * Child process for test/integration/store/embedded-lifetime.test.ts, run as `node bin/run-ts.js <this file> MODE`.
 * Starts the embedded DynamoDB Local in memory, prints `port=N` on stdout once it listens, waits for a line on
 * stdin (so the test can find the Java process first), then ends as MODE says:
 *   uncaught   — throws an uncaught exception
 *   rejection  — leaves a promise rejection unhandled
 *   exit       — calls process.exit(0)
 *   stop       — calls stop(), prints `stopped`, then lets the event loop end
 *   graceful   — on SIGINT/SIGTERM (as `wiresieve serve` does) checks DynamoDB still answers, stops it, exits
 *   wait       — waits to be killed by the test (SIGTERM, SIGINT, SIGHUP, SIGKILL)
 */
import { connect } from 'node:net';
import { startEmbeddedDynamo } from '../../src/adapters/embedded-dynamodb';

const mode = process.argv[2] ?? 'wait';
const dynamo = await startEmbeddedDynamo({ inMemory: true });

const answers = (): Promise<boolean> =>
  new Promise((res) => {
    const s = connect({ port: dynamo.port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), res(true)));
    s.once('error', () => res(false));
  });

if (mode === 'graceful') {
  // Installed before `port=` is printed: the test may send the signal as soon as it has found the Java process.
  const onSignal = async (signal: string): Promise<void> => {
    process.stdout.write(`${signal} still-up=${await answers()}\n`);
    await dynamo.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void onSignal('SIGINT'));
  process.once('SIGTERM', () => void onSignal('SIGTERM'));
}

process.stdout.write(`port=${dynamo.port}\n`);
await new Promise((res) => process.stdin.once('data', res));
process.stdin.destroy();

switch (mode) {
  case 'uncaught':
    setTimeout(() => {
      throw new Error('embedded-lifetime-child: deliberate uncaught exception');
    }, 50);
    break;
  case 'rejection':
    void Promise.reject(new Error('embedded-lifetime-child: deliberate unhandled rejection'));
    break;
  case 'exit':
    process.exit(0);
    break;
  case 'stop':
    await dynamo.stop();
    process.stdout.write('stopped\n');
    break;
  default: // wait, graceful
    setInterval(() => undefined, 1000);
}
