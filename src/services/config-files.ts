/** Loads the operator's two config files once; errors (ConfigError, RuleSyntaxError) name file, line and key. */
import { loadSourcesFile, readConfigText, type SourcesFile } from '../config';
import { compileRules, type CompiledRules } from '../core/rules';

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
