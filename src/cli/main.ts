/**
 * The `wiresieve` command line: parses the arguments (./args.ts, which holds the one usage text), runs the
 * command, maps errors to exit codes: 0 ok, 1 the run failed, 2 bad usage or bad configuration.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../config';
import { FULL_TEXT_MODES } from '../core/source';
import { RuleSyntaxError } from '../core/rules';
import { EmbeddedDynamoError } from '../services/local';
import { OPTIONS, USAGE, UsageError, type CliValues } from './args';
import { serveCommand } from './serve';
import { pollCommand } from './poll';
import { previewCommand } from './preview';
import { rulesApplyCommand, rulesCheckCommand, rulesTuneCommand } from './rules';
import { sourcesCommand } from './sources';
import { storiesExportCommand } from './stories';

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
