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

const { builtinModules } = require('node:module');

/**
 * Node built-ins through `require`, not `import`. Importing a built-in as an ES module builds its namespace
 * by reading every export, which runs lazy getters: `import … from 'node:crypto'` loads WebCrypto and costs
 * ~6 ms of cold start, `require('node:crypto')` ~0 (measured on Node 20; `feed`'s whole budget is ~70 ms).
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

/**
 * `feed` (the package) calls only xml-js's serializer, `js2xml`, but imports xml-js whole, whose index also
 * loads the parser and its dependency sax (27 KB, which loads node:stream): ~6 ms of `feed`'s cold start for
 * code that never runs. Its imports of xml-js get the serializer alone.
 */
const xmlJsSerializerOnly = {
  name: 'xml-js-serializer-only',
  setup(build) {
    const fromFeed = /[\\/]node_modules[\\/]feed[\\/]/;
    build.onResolve({ filter: /^xml-js$/ }, (args) => (fromFeed.test(args.importer) ? { path: 'xml-js', namespace: 'xml-js-serializer' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'xml-js-serializer' }, () => ({
      contents: "module.exports = { js2xml: require('xml-js/lib/js2xml.js') };",
      loader: 'js',
      resolveDir: __dirname,
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
  plugins: [builtinsViaRequire, xmlJsSerializerOnly],
  metafile: true,
  exclude: [],
  keepOutputDirectory: true,
  packager: 'npm',
  installExtraArgs: ['--legacy-peer-deps'],
};

module.exports = () => ({ ...options });
module.exports.options = options;
