/**
 * The `wiresieve` command line. Commands (names are a contract, see DESIGN.md):
 *   serve   [--sources FILE] [--rules FILE] [--port 8080] [--host 127.0.0.1] [--interval DURATION] [--data DIR]
 *           [--concurrency N] [--allow-private-hosts]
 *   poll    --once [--sources FILE] [--rules FILE] [--data DIR] [--allow-private-hosts]
 *   preview URL|PATH [--rules FILE] [--json] [--full-text auto|always|never] [--allow-private-hosts]
 *   rules   check LABELED.jsonl [--rules FILE] [--json]
 *   rules   tune LABELED.jsonl… [--rules FILE] [--folds 5] [--write] [--json]
 *   rules   apply [--rules FILE] [--sources FILE] [--data DIR]
 *   stories export [--since 7d] [--dropped] [--data DIR]
 *   sources [--json] [--sources FILE] [--data DIR]
 * Exit codes: 0 ok, 1 the run failed, 2 bad usage or bad configuration.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../config';
import { FULL_TEXT_MODES } from '../core/source';
import { RuleSyntaxError } from '../core/rules';
import { EmbeddedDynamoError } from '../adapters/embedded-dynamodb';
import { serveCommand } from './serve';
import { pollCommand } from './poll';
import { previewCommand } from './preview';
import { rulesApplyCommand, rulesCheckCommand, rulesTuneCommand } from './rules';
import { sourcesCommand } from './sources';
import { storiesExportCommand } from './stories';

export class UsageError extends Error {
  override name = 'UsageError';
}

const USAGE = `usage:
  wiresieve serve   [--sources FILE] [--rules FILE] [--port 8080] [--interval 10m] [--data DIR] [--allow-private-hosts]
  wiresieve poll    --once [--sources FILE] [--rules FILE] [--data DIR] [--allow-private-hosts]
  wiresieve preview URL|PATH [--rules FILE] [--json] [--full-text auto|always|never] [--allow-private-hosts]
  wiresieve rules check LABELED.jsonl [--rules FILE] [--json]
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
  write: { type: 'boolean', default: false },
  since: { type: 'string' },
  dropped: { type: 'boolean', default: false },
  'full-text': { type: 'string', default: 'auto' },
  json: { type: 'boolean', default: false },
  verbose: { type: 'boolean', short: 'v', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

export type CliValues = {
  sources: string; rules: string; port: string; host: string; interval?: string; data: string; concurrency: string;
  'allow-private-hosts': boolean; once: boolean; folds: string; write: boolean; since?: string; dropped: boolean; 'full-text': string; json: boolean; verbose: boolean; help: boolean;
};

export async function main(argv: string[]): Promise<number> {
  let values: CliValues;
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    values = parsed.values as CliValues;
    positionals = parsed.positionals;
  } catch (err) {
    console.error(`wiresieve: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  try {
    switch (command) {
      case 'serve':
        return await serveCommand(values);
      case 'poll':
        if (!values.once) throw new UsageError('poll needs --once (use `wiresieve serve` to poll on a timer)');
        return await pollCommand(values);
      case 'preview':
        if (!rest[0]) throw new UsageError('preview needs a feed URL or file path');
        if (!(FULL_TEXT_MODES as readonly string[]).includes(values['full-text'])) throw new UsageError(`--full-text expects ${FULL_TEXT_MODES.join(', ')}, found "${values['full-text']}"`);
        return await previewCommand(rest[0], values);
      case 'rules':
        if (rest[0] === 'check') {
          if (!rest[1]) throw new UsageError('rules check needs a labeled JSONL file');
          return await rulesCheckCommand(rest[1], values);
        }
        if (rest[0] === 'tune') {
          if (!rest[1]) throw new UsageError('rules tune needs one or more labeled JSONL files');
          return await rulesTuneCommand(rest.slice(1), values);
        }
        if (rest[0] === 'apply') return await rulesApplyCommand(values);
        throw new UsageError('rules needs a subcommand: check, tune or apply');
      case 'stories':
        if (rest[0] === 'export') return await storiesExportCommand(values);
        throw new UsageError('stories needs a subcommand: export');
      case 'sources':
        return await sourcesCommand(values);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`wiresieve: ${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof RuleSyntaxError) {
      console.error(`wiresieve: refusing to start: ${err.message}`);
      return 2;
    }
    if (err instanceof EmbeddedDynamoError) {
      console.error(`wiresieve: ${err.message}`);
      return 1;
    }
    console.error(`wiresieve: ${(err as Error)?.stack ?? String(err)}`);
    return 1;
  }
}
