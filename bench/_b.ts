import { build } from 'esbuild';
import { esbuildOptions, ROOT } from '../infra/build-bundles';
await build({ ...esbuildOptions(), minify: false, absWorkingDir: ROOT, entryPoints: ['functions/feed.ts'], outfile: '/tmp/cs/functions/feed-dev.js', logLevel: 'warning' });
