/**
 * The command line's vocabulary, shared by src/cli/main.ts and the commands (kept apart from main so that no
 * command imports the module that imports it): the options, their parsed values, the usage text, UsageError.
 */
import type { ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** The one usage text (README "CLI" shows the same; names are a contract, see DESIGN.md). */
export const USAGE = `usage:
  wiresieve serve   [--sources FILE] [--rules FILE] [--port 8080] [--host 127.0.0.1] [--interval 10m]
                    [--data DIR] [--concurrency 4] [--allow-private-hosts] [--verbose]
  wiresieve poll    --once [--sources FILE] [--rules FILE] [--data DIR] [--allow-private-hosts]
  wiresieve preview URL|PATH [--rules FILE] [--json] [--full-text auto|always|never] [--allow-private-hosts]
  wiresieve rules check LABELED.jsonl [--rules FILE] [--summary] [--json]
  wiresieve rules tune LABELED.jsonl… [--rules FILE] [--folds 5] [--repeats 1] [--by item|source] [--write] [--json]
                    [--against OTHER.yml] [--seed S]
  wiresieve rules apply [--rules FILE] [--sources FILE] [--data DIR]
  wiresieve stories export [--since 7d] [--dropped] [--data DIR]
  wiresieve sources [--json] [--sources FILE] [--data DIR]`;

export const OPTIONS = {
  sources: { type: 'string', default: 'config/sources.yml' },
  rules: { type: 'string', default: 'config/rules.yml' },
  port: { type: 'string', default: '8080' },
  host: { type: 'string', default: '127.0.0.1' },
  interval: { type: 'string' },
  data: { type: 'string', default: '.wiresieve' },
  concurrency: { type: 'string', default: '4' },
  'allow-private-hosts': { type: 'boolean', default: false },
  once: { type: 'boolean', default: false },
  folds: { type: 'string', default: '5' },
  repeats: { type: 'string', default: '1' },
  seed: { type: 'string', default: '' },
  against: { type: 'string' },
  by: { type: 'string', default: 'item' },
  write: { type: 'boolean', default: false },
  since: { type: 'string' },
  dropped: { type: 'boolean', default: false },
  'full-text': { type: 'string', default: 'auto' },
  json: { type: 'boolean', default: false },
  summary: { type: 'boolean', default: false },
  verbose: { type: 'boolean', short: 'v', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

export type CliValues = {
  sources: string; rules: string; port: string; host: string; interval?: string; data: string; concurrency: string;
  'allow-private-hosts': boolean; once: boolean; folds: string; repeats: string; seed: string; against?: string; by: string; write: boolean; since?: string; dropped: boolean; 'full-text': string; json: boolean; summary: boolean; verbose: boolean; help: boolean;
};
