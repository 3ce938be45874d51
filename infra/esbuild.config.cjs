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

const fs = require('node:fs');
const { builtinModules } = require('node:module');
const path = require('node:path');

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
 * Modules a first event does not need, in files of their own beside the bundle instead of in it (poll's cold
 * start, issue 16): V8 compiles every byte of the bundle at load, evaluated or not, so code that only waits there
 * costs ~1 ms per 100 KB. Each `{ importer, module, names }` gives the importer a stand-in module; the real one is
 * bundled by esbuild on its own, as CommonJS, into `<bundle>.lazy/<module>.cjs` and `require`d from there when
 * first used:
 *   - `names` listed: the stand-in has those exports, read from the real module on first use (`call`: as functions
 *     that load it on their first call, for an importer that takes them apart at load);
 *   - a dynamic `import()`: the stand-in is the real module, evaluated when the import runs.
 * serverless-esbuild zips a file whose path starts with `functions/poll.` only with poll (the name of another
 * function's bundle excludes it from that function's zip): each function's lazy files go with it alone.
 *   - jschardet (1.2 MB) runs only for a body that is not UTF-8 and carries no usable charset label, iconv-lite only
 *     for one in another charset (its codec tables, copied beside it, when that codec is first used);
 *   - sanitize-html loads postcss for style attributes, which its options here never allow;
 *   - xml2js loads xmlbuilder for its Builder, which rss-parser never uses;
 *   - yaml parses a config file only when its package-time compiled form is missing or stale (poll, dispatch);
 *   - Readability and linkedom (with its CSS engine, ~0.6 MB) read article pages, on the first thin item;
 *   - sanitize-html and htmlparser2's Parser (with its entity tables) read feed HTML, on the first item with markup
 *     (`callable`: the stand-in is sanitize-html's function itself; `entry`: the file bundled, for a module that
 *     parserOnly below narrows; `sharedWith`: the other lazy files whose matching importers require this one's, so
 *     sanitize-html and core/sanitize.ts share one Parser). A feed of plain text never loads either (~6 ms).
 * iconv-lite's codec tables (JSON, required by its codecs when first used) are copied there as they are.
 */
const LAZY = [
  { importer: /[\\/]src[\\/]core[\\/]decode\.ts$/, module: 'jschardet', names: ['detect'] },
  { importer: /[\\/]node_modules[\\/]sanitize-html[\\/]/, module: 'postcss', names: ['parse'], call: true },
  { importer: /[\\/]node_modules[\\/]xml2js[\\/]/, module: 'xmlbuilder', names: ['create'] },
  { importer: /[\\/]src[\\/]/, module: 'yaml', names: ['LineCounter', 'isMap', 'isScalar', 'isSeq', 'parse', 'parseDocument'] },
  { importer: /[\\/]src[\\/]core[\\/]article\.ts$/, module: '@mozilla/readability' },
  { importer: /[\\/]src[\\/]core[\\/]article\.ts$/, module: 'linkedom' },
  {
    importer: /[\\/]src[\\/]core[\\/]sanitize\.ts$/, module: 'htmlparser2', names: ['Parser'],
    entry: (resolveDir) => parserFile(resolveDir), sharedWith: /[\\/]node_modules[\\/]sanitize-html[\\/]/,
  },
  { importer: /[\\/]src[\\/]core[\\/]sanitize\.ts$/, module: 'sanitize-html', names: ['defaults'], callable: true },
  { importer: /[\\/]src[\\/]core[\\/]decode\.ts$/, module: 'iconv-lite', names: ['decode', 'encodingExists'] },
];

/** htmlparser2's Parser module (what parserOnly below gives its users instead of the package's index). */
function parserFile(dir) {
  return path.join(path.dirname(require.resolve('htmlparser2', { paths: [dir] })), 'Parser.js');
}

/** A lazy module's file name in the lazy folder. */
const lazyName = (spec) => `${spec.module.replace(/^@/, '').replace(/\//g, '-')}.cjs`;

/** In a lazy file's own build: the imports that another lazy file serves (LAZY `sharedWith`) are required from it. */
const sharedLazy = {
  name: 'shared-lazy',
  setup(build) {
    for (const spec of LAZY.filter((s) => s.sharedWith)) {
      build.onResolve({ filter: new RegExp(`^${spec.module.replace(/[/.]/g, '\\$&')}$`) }, (args) =>
        spec.sharedWith.test(args.importer) ? { path: `./${lazyName(spec)}`, external: true } : undefined,
      );
    }
  },
};
const ICONV_TABLE = { importer: /[\\/]node_modules[\\/]iconv-lite[\\/]encodings[\\/]/, filter: /^\.\/tables\/[\w-]+\.json$/ };

/** The bundle this build writes, and the folder of its lazy files (`poll.js` → `poll.lazy/`). */
function lazyFolder(initial) {
  const entry = Array.isArray(initial.entryPoints) ? initial.entryPoints[0] : undefined;
  const bundle = initial.outfile ?? (initial.outdir && entry && path.join(initial.outdir, `${path.basename(typeof entry === 'string' ? entry : entry.in).replace(/\.[^.]+$/, '')}.js`));
  if (!bundle) return undefined;
  const name = `${path.basename(bundle).replace(/\.[^.]+$/, '')}.lazy`;
  return { dir: path.join(path.dirname(bundle), name), rel: `./${name}` };
}

/**
 * The stand-ins of LAZY on build `b`: each import a spec covers resolves to a stand-in module requiring `fileOf(spec)`
 * (and `emit` starts that file's own build). On the function's build and, for imports inside a lazy file (postcss
 * from sanitize-html), on that file's build too, where the stand-in requires its neighbour in the same folder.
 */
function lazyHooks(b, fileOf, emit) {
  for (const spec of LAZY) {
    b.onResolve({ filter: new RegExp(`^${spec.module.replace(/[/.]/g, '\\$&')}$`) }, async (args) => {
      if (args.pluginData === LAZY || !spec.importer.test(args.importer)) return undefined;
      if (spec.entry) {
        emit(spec, spec.entry(args.resolveDir));
      } else {
        // The file the bundle would have taken (its import conditions), bundled on its own.
        const real = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: LAZY });
        if (real.errors.length) return { errors: real.errors };
        emit(spec, real.path);
      }
      // The stand-in's path is the module's name (metafile inputs then name no file that is not there).
      return { path: spec.module, namespace: 'lazy-module', pluginData: { spec, dynamic: args.kind === 'dynamic-import', lazyFile: fileOf(spec) } };
    });
  }
  // The lazy file itself, required at run time relative to the requiring file (the bundle: the banner's `require`).
  b.onResolve({ filter: /\.(cjs|json)$/, namespace: 'lazy-module' }, (args) => ({ path: args.path, external: true }));
  b.onLoad({ filter: /.*/, namespace: 'lazy-module' }, ({ pluginData: { spec, dynamic, lazyFile } }) => {
    const load = `let real; const load = () => (real ??= require(${JSON.stringify(lazyFile)}));\n`;
    const getters = (spec.names ?? []).map((f) => `Object.defineProperty(module.exports, ${JSON.stringify(f)}, { enumerable: true, get: () => load().${f} });`).join('\n');
    let contents;
    if (spec.callable) contents = `${load}module.exports = function (...a) { return load().apply(this, a); };\n${getters}`;
    else if (dynamic || !spec.names) contents = `module.exports = require(${JSON.stringify(lazyFile)});`;
    else if (spec.call) contents = `${load}module.exports = { ${spec.names.map((f) => `${f}: (...a) => load().${f}(...a)`).join(', ')} };`;
    else contents = `${load}${getters}`;
    return { contents, loader: 'js', resolveDir: __dirname };
  });
}

/** iconv-lite's codec tables, copied into the lazy folder and required from there (`rel`: the folder, from the requiring file). */
function iconvTables(b, dir, rel) {
  b.onResolve({ filter: ICONV_TABLE.filter }, (args) => {
    if (!ICONV_TABLE.importer.test(args.importer)) return undefined;
    const name = `iconv-lite-${path.basename(args.path)}`;
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(args.resolveDir, args.path), path.join(dir, name));
    return { path: `${rel}/${name}`, external: true };
  });
}

const lazyModules = {
  name: 'lazy-modules',
  setup(build) {
    const folder = lazyFolder(build.initialOptions);
    if (!folder) return;
    /** module → its sub-build (started at the first import seen), awaited before the build ends. */
    const builds = new Map();
    /** In a lazy file's build: the lazy modules it imports, from the same folder. */
    const withinLazy = {
      name: 'lazy-within-lazy',
      setup: (sub) => {
        lazyHooks(sub, (spec) => `./${lazyName(spec)}`, emit);
        iconvTables(sub, folder.dir, '.');
      },
    };
    function emit(spec, file) {
      if (builds.has(spec.module)) return;
      const outfile = path.join(folder.dir, lazyName(spec));
      const { absWorkingDir, minify, target, platform, mainFields, legalComments, charset } = build.initialOptions;
      builds.set(
        spec.module,
        build.esbuild.build({
          absWorkingDir, entryPoints: [file], outfile, bundle: true, format: 'cjs', minify, target, platform, mainFields, legalComments, charset,
          metafile: true, logLevel: 'warning', plugins: [sharedLazy, withinLazy, parserOnly],
        }),
      );
    }
    lazyHooks(build, (spec) => `${folder.rel}/${lazyName(spec)}`, emit);
    iconvTables(build, folder.dir, folder.rel);
    build.onStart(() => {
      builds.clear();
      fs.rmSync(folder.dir, { recursive: true, force: true });
    });
    build.onEnd(async (result) => {
      // (A lazy file's build may start another's: the map grows while it is walked, and the walk sees it.)
      for (const sub of builds.values()) {
        const { metafile } = await sub;
        // The lazy files are outputs of this build too (after the bundle): what each function's package holds.
        if (result.metafile) {
          Object.assign(result.metafile.inputs, metafile.inputs);
          Object.assign(result.metafile.outputs, metafile.outputs);
        }
      }
    });
  },
};

/**
 * htmlparser2's index loads domutils, dom-serializer and a second `entities` with its tables (~15 ms of poll's
 * cold start); sanitize-html and core/sanitize.ts use its `Parser` alone, so their imports get that module. And
 * rss-parser decodes entities only for `contentSnippet`, a field core/parse.ts never reads: its `entities` is a
 * decoder that leaves the text as it is, so no entity table is built for it (decoding them was ~2 ms of the first
 * feed parsed, since the Parser that loaded them anyway became a lazy file).
 */
const parserOnly = {
  name: 'htmlparser2-parser-only',
  setup(build) {
    const users = /([\\/]node_modules[\\/]sanitize-html[\\/]|[\\/]src[\\/]core[\\/]sanitize\.ts$)/;
    build.onResolve({ filter: /^htmlparser2$/ }, (args) =>
      users.test(args.importer) ? { path: 'htmlparser2', namespace: 'htmlparser2-parser', pluginData: parserFile(args.resolveDir) } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'htmlparser2-parser' }, (args) => ({
      contents: `module.exports = { Parser: require(${JSON.stringify(args.pluginData)}).Parser };`,
      loader: 'js',
      resolveDir: __dirname,
    }));
    build.onResolve({ filter: /^entities$/ }, (args) =>
      /[\\/]node_modules[\\/]rss-parser[\\/]/.test(args.importer) ? { path: 'entities', namespace: 'snippet-entities' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'snippet-entities' }, () => ({
      contents: 'module.exports = { decodeHTML: (s) => s };',
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
