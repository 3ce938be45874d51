/**
 * Loads the operator's two config files once; errors (ConfigError, RuleSyntaxError) name file, line and key.
 *
 * Rules compiled at package time: `writeCompiledRules` (infra/validate-config.ts, run before every package and
 * `osls invoke local`) stores the compiled form of rules.yml in `.compiled/rules.json` beside it, with the sha256
 * of the file and of the compiled form's version; `loadRulesCompiled` (poll's cold start) uses it when both
 * still match, and compiles the YAML otherwise — the same classifier either way, a stale or missing snapshot
 * only costs the compile (./snapshot.ts). The source list has the same (./compiled-sources.ts).
 */
import { loadSourcesFile, readConfigText, type SourcesFile } from '../config';
import { compileRules, compileRulesProgram, rulesFromProgram, type CompiledRules, type CompiledRulesProgram } from '../core/rules';
import { readSnapshot, snapshotFile, writeSnapshot, type SnapshotFormat } from './snapshot';

export interface ConfigPaths {
  sourcesFile: string;
  rulesFile: string;
}

export function loadRules(rulesFile: string): CompiledRules {
  return compileRules(readConfigText(rulesFile), rulesFile);
}

export interface LoadedConfig {
  sources: SourcesFile;
  rules: CompiledRules;
}

export function loadConfig(paths: ConfigPaths): LoadedConfig {
  return { sources: loadSourcesFile(paths.sourcesFile), rules: loadRules(paths.rulesFile) };
}

/** Bump the version when the compiled form (core/rules Program) changes shape or meaning. */
const FORMAT: SnapshotFormat = { name: 'rules', version: 4, field: 'program' };

export function compiledRulesFile(rulesFile: string): string {
  return snapshotFile(rulesFile, FORMAT);
}

/** Compiles the rules file (throwing its RuleSyntaxError) and writes its compiled form; returns the file written. */
export function writeCompiledRules(rulesFile: string): string {
  const text = readConfigText(rulesFile);
  return writeSnapshot(rulesFile, FORMAT, text, compileRulesProgram(text, rulesFile));
}

/** The rules from their compiled snapshot when it is current, else compiled from the file (see the header). */
export function loadRulesCompiled(rulesFile: string): CompiledRules {
  const text = readConfigText(rulesFile);
  const program = readSnapshot<CompiledRulesProgram>(rulesFile, FORMAT, text);
  return program ? rulesFromProgram(program) : compileRules(text, rulesFile);
}
