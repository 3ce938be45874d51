/**
 * esbuild options for the Lambda bundles, shared by serverless-esbuild (serverless.yml custom.esbuild.config)
 * and by the cold-start bench / bundle tests (infra/build-bundles.ts), so all of them measure the same bundles.
 *
 * ESM (`feed` 6 is ESM-only) in `.js` files next to functions/package.json ({"type":"module"}, packaged with
 * them), so Lambda loads them as modules — and so does `osls invoke local`, which cannot load `.mjs`. CJS
 * dependencies bundled into ESM call `require` for Node built-ins; the banner gives them one. Everything,
 * AWS SDK included, is bundled and minified: pinned SDK versions, and one file loads faster than the runtime's
 * node_modules tree. `metafile` lets tests check what each bundle contains (feed: no rss-parser; poll: no feed).
 */
'use strict';

const options = {
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outputFileExtension: '.js',
  mainFields: ['module', 'main'],
  banner: {
    js: "import { createRequire as __wsCreateRequire } from 'node:module'; const require = __wsCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  metafile: true,
  exclude: [],
  keepOutputDirectory: true,
  packager: 'npm',
  installExtraArgs: ['--legacy-peer-deps'],
};

module.exports = () => ({ ...options });
module.exports.options = options;
