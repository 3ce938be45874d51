/**
 * esbuild options for the Lambda bundles, shared by serverless-esbuild (serverless.yml custom.esbuild.config)
 * and by the cold-start bench / bundle tests (infra/build-bundles.ts), so all of them measure the same bundles.
 *
 * ESM (`feed` 6 is ESM-only) in `.js` files next to functions/package.json ({"type":"module"}, packaged with
 * them), so Lambda loads them as modules — and so does `osls invoke local`, which cannot load `.mjs`. CJS
 * dependencies bundled into ESM call `require` for Node built-ins; the banner gives them one. Everything,
 * AWS SDK included, is bundled and minified: pinned SDK versions, and one file loads faster than the runtime's
 * node_modules tree. `metafile` lets tests check what each bundle contains (publish: no rss-parser; poll: no feed).
 */
'use strict';

const { builtinModules } = require('node:module');

/**
 * Node built-ins through `require`, not `import`. Importing a built-in as an ES module builds its namespace
 * by reading every export, which runs lazy getters: `import … from 'node:crypto'` loads WebCrypto and costs
 * ~6 ms of cold start, `require('node:crypto')` ~0 (measured on Node 20).
 * Each ESM import of a built-in becomes a tiny CommonJS module re-exporting `require(name)` (the banner
 * defines `require`), so named imports turn into property reads at the call site.
 */
const builtinsViaRequire = {
  name: 'builtins-via-require',
  setup(build) {
    const builtins = new Set(builtinModules);
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      if (args.kind !== 'import-statement' && args.kind !== 'dynamic-import') return undefined;
      const name = args.path.replace(/^node:/, '');
      return builtins.has(name) ? { path: `node:${name}`, namespace: 'builtin-require' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'builtin-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

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
  plugins: [builtinsViaRequire],
  metafile: true,
  exclude: [],
  keepOutputDirectory: true,
  packager: 'npm',
  installExtraArgs: ['--legacy-peer-deps'],
};

module.exports = () => ({ ...options });
module.exports.options = options;
