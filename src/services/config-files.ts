/** Loads the operator's two config files once; errors (ConfigError, RuleSyntaxError) name file, line and key. */
import { join } from 'node:path';
import { loadSourcesFile, readConfigText, type SourcesFile } from '../config';
import { compileRules, type CompiledRules } from '../core/rules';

export interface ConfigPaths {
  sourcesFile: string;
  rulesFile: string;
}

export function defaultConfigPaths(configDir = 'config'): ConfigPaths {
  return { sourcesFile: join(configDir, 'sources.yml'), rulesFile: join(configDir, 'rules.yml') };
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
