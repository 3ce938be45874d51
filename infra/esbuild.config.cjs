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

/**
 * Modules a first event does not need, evaluated when first called instead of when the bundle loads (poll's
 * cold start, issue 16). Each `[importer, module, exports]` gives the importer a stand-in whose listed functions
 * load the real module on their first call, with the same arguments and result:
 *   - jschardet (1.1 MB) runs only for a body that is not UTF-8 and carries no usable charset label;
 *   - sanitize-html loads postcss for style attributes, which its options here never allow.
 */
const LAZY = [
  [/[\\/]src[\\/]core[\\/]decode\.ts$/, 'jschardet', ['detect']],
  [/[\\/]node_modules[\\/]sanitize-html[\\/]/, 'postcss', ['parse']],
];
const lazyModules = {
  name: 'lazy-modules',
  setup(build) {
    for (const [importer, name, fns] of LAZY) {
      build.onResolve({ filter: new RegExp(`^${name}$`) }, (args) => {
        if (!importer.test(args.importer)) return undefined;
        // The stand-in's path is the module's name (metafile inputs then name no file that is not there).
        return { path: name, namespace: 'lazy-module', pluginData: { fns, file: require.resolve(name, { paths: [args.resolveDir] }) } };
      });
    }
    build.onLoad({ filter: /.*/, namespace: 'lazy-module' }, (args) => ({
      contents:
        `let real; const load = () => (real ??= require(${JSON.stringify(args.pluginData.file)}));\n` +
        `module.exports = { ${args.pluginData.fns.map((f) => `${f}: (...a) => load().${f}(...a)`).join(', ')} };`,
      loader: 'js',
      resolveDir: __dirname,
    }));
  },
};

/**
 * htmlparser2's index loads domutils, dom-serializer and a second `entities` with its tables (~15 ms of poll's
 * cold start); sanitize-html and core/sanitize.ts use its `Parser` alone, so their imports get that module. And
 * rss-parser decodes entities only for `contentSnippet`, a field core/parse.ts never reads: it gets the decoder
 * of the `entities` htmlparser2's Parser loads anyway, instead of evaluating its own copy's tables at load.
 */
const parserOnly = {
  name: 'htmlparser2-parser-only',
  setup(build) {
    const users = /([\\/]node_modules[\\/]sanitize-html[\\/]|[\\/]src[\\/]core[\\/]sanitize\.ts$)/;
    const parserFile = (dir) => require('node:path').join(require('node:path').dirname(require.resolve('htmlparser2', { paths: [dir] })), 'Parser.js');
    build.onResolve({ filter: /^htmlparser2$/ }, (args) =>
      users.test(args.importer) ? { path: 'htmlparser2', namespace: 'htmlparser2-parser', pluginData: parserFile(args.resolveDir) } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'htmlparser2-parser' }, (args) => ({
      contents: `module.exports = { Parser: require(${JSON.stringify(args.pluginData)}).Parser };`,
      loader: 'js',
      resolveDir: __dirname,
    }));
    build.onResolve({ filter: /^entities$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]rss-parser[\\/]/.test(args.importer)) return undefined;
      const htmlparser2 = require('node:path').dirname(require.resolve('htmlparser2', { paths: [__dirname] }));
      return { path: 'entities', namespace: 'snippet-entities', pluginData: require.resolve('entities/decode', { paths: [htmlparser2] }) };
    });
    build.onLoad({ filter: /.*/, namespace: 'snippet-entities' }, (args) => ({
      contents: `module.exports = { decodeHTML: (s) => require(${JSON.stringify(args.pluginData)}).decodeHTML(s) };`,
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
  plugins: [builtinsViaRequire, lazyModules, parserOnly],
  metafile: true,
  exclude: [],
  keepOutputDirectory: true,
  packager: 'npm',
  installExtraArgs: ['--legacy-peer-deps'],
};

module.exports = () => ({ ...options });
module.exports.options = options;
