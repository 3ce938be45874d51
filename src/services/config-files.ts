/**
 * Loads the operator's two config files once; errors (ConfigError, RuleSyntaxError) name file, line and key.
 *
 * Rules compiled at package time: `writeCompiledRules` (infra/validate-config.ts, run before every package and
 * `osls invoke local`) stores the compiled form of rules.yml in `.compiled/rules.json` beside it, with the sha256
 * of the file and of the compiled form's version; `loadRulesCompiled` (poll's cold start) uses it when both
 * still match, and compiles the YAML otherwise — the same classifier either way, a stale or missing snapshot
 * only costs the compile. The source list has the same (./compiled-sources.ts).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadSourcesFile, readConfigText, type SourcesFile } from '../config';
import { compileRules, compileRulesProgram, rulesFromProgram, type CompiledRules, type CompiledRulesProgram } from '../core/rules';

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

/** Bump when the compiled form (core/rules Program) changes shape or meaning: older snapshots are then ignored. */
const COMPILED_RULES_VERSION = 1;

export function compiledRulesFile(rulesFile: string): string {
  return join(dirname(rulesFile), '.compiled/rules.json');
}

function rulesDigest(text: string): string {
  return createHash('sha256').update(`wiresieve-rules-v${COMPILED_RULES_VERSION}\0`).update(text).digest('hex');
}

interface CompiledRulesSnapshot {
  digest: string;
  program: CompiledRulesProgram;
}

/** Compiles the rules file (throwing its RuleSyntaxError) and writes its compiled form; returns the file written. */
export function writeCompiledRules(rulesFile: string): string {
  const text = readConfigText(rulesFile);
  const snapshot: CompiledRulesSnapshot = { digest: rulesDigest(text), program: compileRulesProgram(text, rulesFile) };
  const out = compiledRulesFile(rulesFile);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(snapshot)}\n`);
  return out;
}

/** The rules from their compiled snapshot when it is current, else compiled from the file (see the header). */
export function loadRulesCompiled(rulesFile: string): CompiledRules {
  const text = readConfigText(rulesFile);
  let snapshot: CompiledRulesSnapshot | undefined;
  try {
    snapshot = JSON.parse(readFileSync(compiledRulesFile(rulesFile), 'utf8')) as CompiledRulesSnapshot;
  } catch {
    snapshot = undefined; // none (or unreadable): compile
  }
  if (snapshot?.digest === rulesDigest(text)) return rulesFromProgram(snapshot.program);
  return compileRules(text, rulesFile);
}

