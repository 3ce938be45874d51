/**
 * Rule file (YAML) → Program: validates every key, parses every expression and term, resolves group names and
 * refuses a file that could never keep a story. Every error is a RuleSyntaxError at the offending line/column.
 *
 * File shape (see README-syntax.md):
 *   threshold: 3              score a story needs to be kept (default 1)
 *   groups:   { NAME: [term | $OTHER_GROUP, …] }
 *   ignore:   [phrase, …]     trap phrases: a term occurrence inside one is not evidence
 *   define:   { NAME: expression }   a named expression, usable wherever a group name is
 *   rules:    [{ name, when, weight?, drop? }, …]
 *   topics:   { name: expression }   feed categories for kept stories
 *
 * One phase per file: terms (compile-terms.ts: groups and ignore), expressions (compile-expr.ts: definitions and
 * every `when:`), scoring (compile-scoring.ts: threshold, rules, topics, reachability); compile-context.ts holds
 * what they share.
 */
import { LineCounter, isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import { CompileContext, type Program } from './compile-context';
import { ExprCompiler } from './compile-expr';
import { checkReachable, compileRuleList, compileThreshold, compileTopics } from './compile-scoring';
import { compileGroups, compileIgnore } from './compile-terms';
import { yamlMessage } from '../yaml-errors';

export { FIELD_BITS, type CompiledRule, type Node, type Program } from './compile-context';

const TOP_KEYS = ['threshold', 'groups', 'ignore', 'define', 'rules', 'topics'];


export function compileProgram(text: string, file: string): Program {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const ctx = new CompileContext(text, file, lines);
  const yamlError = doc.errors[0];
  if (yamlError) ctx.fail(yamlError.pos[0], `invalid YAML: ${yamlMessage(yamlError.message)}`, undefined, yamlError);
  const root = doc.contents;
  if (!isMap(root)) return ctx.fail(ctx.at(root), 'expected a mapping with "rules:" (and usually "groups:") at the top', 'rules:');
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!TOP_KEYS.includes(key)) {
      ctx.fail(ctx.at(pair.key as YamlNode), `unknown key "${key}" (expected one of: ${TOP_KEYS.join(', ')})`, TOP_KEYS.join(', '));
    }
  }

  const thresholdNode = compileThreshold(ctx, root);
  compileGroups(ctx, root);
  compileIgnore(ctx, root);
  const exprs = new ExprCompiler(ctx);
  exprs.define(root);
  const rulesKey = compileRuleList(ctx, root, exprs);
  compileTopics(ctx, root, exprs);
  checkReachable(ctx, thresholdNode ?? rulesKey);

  for (const [name, used] of ctx.groupUsed) if (!used) ctx.program.warnings.push(`rules: group ${name} is defined but never used`);
  for (const name of exprs.unusedDefinitions()) ctx.program.warnings.push(`rules: definition ${name} is never used`);
  return ctx.program;
}
