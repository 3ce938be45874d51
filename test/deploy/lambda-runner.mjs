// Runs one invocation of a packaged Lambda bundle the way the Lambda runtime does: loads the handler from the
// unzipped package (the init, outside the timeout), then calls it with the event and a context whose remaining
// time counts down from the function's configured timeout — and cuts the invocation at that timeout, as Lambda
// does, reporting `timedOut` instead of a result. The environment is the function's (set by the caller).
//
//   node lambda-runner.mjs <package dir> <handler, e.g. functions/poll.handler> <timeout ms> <event.json> <out.json>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, handlerSpec, timeoutText, eventFile, outFile] = process.argv.slice(2);
const dot = handlerSpec.lastIndexOf('.');
const mod = await import(pathToFileURL(join(dir, `${handlerSpec.slice(0, dot)}.js`)).href);
const handler = mod[handlerSpec.slice(dot + 1)];
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const timeoutMs = Number(timeoutText);
const name = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'function';
const started = Date.now();
const end = started + timeoutMs;
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: name,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:123456789012:function:${name}`,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '512',
  awsRequestId: `moto-${started}`,
  logGroupName: `/aws/lambda/${name}`,
  logStreamName: 'moto/[$LATEST]runner',
  getRemainingTimeInMillis: () => Math.max(0, end - Date.now()),
  done() {},
  fail() {},
  succeed() {},
};
const finish = (outcome) => {
  writeFileSync(outFile, JSON.stringify({ ...outcome, durationMs: Date.now() - started }));
  process.exit(0); // Lambda freezes the container here; whatever is still pending does not run on
};
const cut = setTimeout(() => finish({ timedOut: true }), timeoutMs);
try {
  const result = await handler(event, context);
  clearTimeout(cut);
  finish({ result });
} catch (err) {
  clearTimeout(cut);
  finish({ error: { name: err?.name, message: err?.message } });
}
