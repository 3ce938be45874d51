/**
 * The source list compiled at package time, as the rules are (./config-files.ts): `writeCompiledSources`
 * (infra/validate-config.ts) stores what config/sources.yml holds in `.compiled/sources.json` beside it, with the
 * sha256 of the file and of this format's version; `loadSourcesCompiled` (poll's and dispatch's cold start) uses it
 * while both match and parses the YAML otherwise — the same list either way. Parsing and checking the YAML costs
 * ~10 ms at 18 sources and ~250 ms at 10,000; JSON.parse of the snapshot ~5 ms at 10,000. Its own module, so
 * dispatch's bundle does not take in the rules compiler.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseSourcesFile, readConfigText, type SourcesFile } from '../config';

/** Bump when SourcesFile changes shape or meaning. */
const COMPILED_SOURCES_VERSION = 1;

export function compiledSourcesFile(sourcesFile: string): string {
  return join(dirname(sourcesFile), '.compiled/sources.json');
}

function sourcesDigest(text: string): string {
  return createHash('sha256').update(`wiresieve-sources-v${COMPILED_SOURCES_VERSION}\0`).update(text).digest('hex');
}

/** Loads the sources file (throwing its ConfigError) and writes what it holds; returns the file written. */
export function writeCompiledSources(sourcesFile: string): string {
  const text = readConfigText(sourcesFile);
  const out = compiledSourcesFile(sourcesFile);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ digest: sourcesDigest(text), sources: parseSourcesFile(text, sourcesFile) })}\n`);
  return out;
}

/** The sources file from its compiled snapshot when it is current, else parsed from the YAML. */
export function loadSourcesCompiled(sourcesFile: string): SourcesFile {
  const text = readConfigText(sourcesFile);
  let snapshot: { digest: string; sources: SourcesFile } | undefined;
  try {
    snapshot = JSON.parse(readFileSync(compiledSourcesFile(sourcesFile), 'utf8')) as { digest: string; sources: SourcesFile };
  } catch {
    snapshot = undefined; // none (or unreadable): parse the YAML
  }
  if (snapshot?.digest === sourcesDigest(text)) return snapshot.sources;
  return parseSourcesFile(text, sourcesFile);
}
