/**
 * The source list compiled at package time, as the rules are (./config-files.ts, ./snapshot.ts): `writeCompiledSources`
 * (infra/validate-config.ts) stores what config/sources.yml holds in `.compiled/sources.json` beside it, with the
 * sha256 of the file and of this format's version; `loadSourcesCompiled` (poll's and dispatch's cold start) uses it
 * while both match and parses the YAML otherwise — the same list either way. Parsing and checking the YAML costs
 * ~10 ms at 18 sources and ~250 ms at 10,000; JSON.parse of the snapshot ~5 ms at 10,000. Its own module, so
 * dispatch's bundle does not take in the rules compiler.
 */
import { parseSourcesFile, readConfigText, type SourcesFile } from '../config';
import { readSnapshot, snapshotFile, writeSnapshot, type SnapshotFormat } from './snapshot';

/** Bump the version when SourcesFile changes shape or meaning. */
const FORMAT: SnapshotFormat = { name: 'sources', version: 1, field: 'sources' };

export function compiledSourcesFile(sourcesFile: string): string {
  return snapshotFile(sourcesFile, FORMAT);
}

/** Loads the sources file (throwing its ConfigError) and writes what it holds; returns the file written. */
export function writeCompiledSources(sourcesFile: string): string {
  const text = readConfigText(sourcesFile);
  return writeSnapshot(sourcesFile, FORMAT, text, parseSourcesFile(text, sourcesFile));
}

/** The sources file from its compiled snapshot when it is current, else parsed from the YAML. */
export function loadSourcesCompiled(sourcesFile: string): SourcesFile {
  const text = readConfigText(sourcesFile);
  return readSnapshot<SourcesFile>(sourcesFile, FORMAT, text) ?? parseSourcesFile(text, sourcesFile);
}
