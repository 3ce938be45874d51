#!/usr/bin/env node
// The `wiresieve` command. The CLI is TypeScript, loaded through tsx so that a clone needs no build step.
import { register } from 'tsx/esm/api';

// Node 20 is supported by this project (AWS runs 22); the SDK's notice about future versions is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// A reader that stops early (`wiresieve stories export | head`) closes the pipe: stop quietly, as cat does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
