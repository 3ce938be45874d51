/**
 * Compiler phase 3: scoring — `threshold:`, `rules:` (name, when, weight, prior, drop) and `topics:`, and the check
 * that the rule set can keep anything at all.
 */
import { isMap, isScalar, isSeq, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { CompileContext } from './compile-context';
import type { ExprCompiler } from './compile-expr';

const RULE_KEYS = ['name', 'when', 'weight', 'prior', 'drop'];

export function compileThreshold(ctx: CompileContext, root: YAMLMap): YamlNode | undefined {
  const node = root.get('threshold', true) as YamlNode | undefined;
  if (node === undefined) return undefined;
  const v = isScalar(node) ? node.value : undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    ctx.fail(ctx.at(node), `threshold: expected a number above 0, found ${JSON.stringify(String(v ?? ''))}`, 'a number');
  }
  ctx.program.threshold = v as number;
  return node;
}

export function compileRuleList(ctx: CompileContext, root: YAMLMap, exprs: ExprCompiler): YamlNode | undefined {
  const rulesPair = root.items.find((p) => isScalar(p.key) && p.key.value === 'rules');
  const rulesNode = rulesPair?.value as YamlNode | undefined;
  if (!rulesPair || !isSeq(rulesNode) || rulesNode.items.length === 0) {
    ctx.fail(
      rulesPair ? ctx.at(rulesNode) || ctx.at(rulesPair.key as YamlNode) : ctx.text.length,
      'expected a non-empty list under "rules:" (an empty rule set keeps nothing)',
      'rules:',
    );
  }
  const names = new Set<string>();
  for (const item of (rulesNode as { items: YamlNode[] }).items) {
    if (!isMap(item)) ctx.fail(ctx.at(item), 'rules: expected a mapping with name and when', 'name:');
    const map = item as YAMLMap;
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!RULE_KEYS.includes(key)) {
        ctx.fail(ctx.at(pair.key as YamlNode), `rules: unknown key "${key}" (expected one of: ${RULE_KEYS.join(', ')})`, RULE_KEYS.join(', '));
      }
    }
    const nameNode = map.get('name', true) as YamlNode | undefined;
    const name = isScalar(nameNode) ? String(nameNode.value ?? '').trim() : '';
    if (!name) ctx.fail(ctx.at(nameNode) || ctx.at(item), 'rules: expected a rule name (name: …)', 'name:');
    if (names.has(name)) ctx.fail(ctx.at(nameNode), `rules: duplicate rule name "${name}"`, 'a unique name');
    names.add(name);
    const weight = ruleWeight(ctx, map, name);
    const prior = rulePrior(ctx, map, name, weight);
    const dropNode = map.get('drop', true) as YamlNode | undefined;
    const drop = dropNode !== undefined && isScalar(dropNode) && dropNode.value === true;
    if (dropNode !== undefined && !(isScalar(dropNode) && typeof dropNode.value === 'boolean')) {
      ctx.fail(ctx.at(dropNode), `rules: ${name}: expected true or false for drop`, 'true or false');
    }
    const node = exprs.compile(map.get('when', true) as YamlNode | undefined, `rule ${name}`, ctx.at(item));
    ctx.program.rules.push(prior === undefined ? { name, weight, drop, node } : { name, weight, prior, drop, node });
  }
  return rulesPair?.key as YamlNode | undefined;
}

function ruleWeight(ctx: CompileContext, map: YAMLMap, name: string): number {
  const weightNode = map.get('weight', true) as YamlNode | undefined;
  if (weightNode === undefined) return ctx.program.threshold;
  const v = isScalar(weightNode) ? weightNode.value : undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v === 0) {
    ctx.fail(ctx.at(weightNode), `rules: ${name}: expected a non-zero number for weight`, 'a number');
  }
  return v as number;
}

/** `prior:`, the author's weight that `rules tune` shrinks toward: a non-zero number on the weight's side of zero. */
function rulePrior(ctx: CompileContext, map: YAMLMap, name: string, weight: number): number | undefined {
  const node = map.get('prior', true) as YamlNode | undefined;
  if (node === undefined) return undefined;
  const v = isScalar(node) ? node.value : undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v === 0) {
    ctx.fail(ctx.at(node), `rules: ${name}: expected a non-zero number for prior`, 'a number');
  }
  if (Math.sign(weight) !== Math.sign(v as number)) {
    ctx.fail(ctx.at(node), `rules: ${name}: prior ${v as number} and weight ${weight} are on different sides of zero (a sign against stays one)`, 'the sign of the weight');
  }
  return v as number;
}

export function compileTopics(ctx: CompileContext, root: YAMLMap, exprs: ExprCompiler): void {
  const topicsNode = root.get('topics', true) as YamlNode | undefined;
  if (topicsNode === undefined) return;
  if (!isMap(topicsNode)) ctx.fail(ctx.at(topicsNode), 'topics: expected a mapping name: expression', 'a mapping');
  for (const pair of (topicsNode as YAMLMap).items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    ctx.program.topics.push({ name, node: exprs.compile(pair.value as YamlNode, `topic ${name}`, ctx.at(pair.key as YamlNode)) });
  }
}

/** A rule set that can keep nothing is refused: the operator would get a silent, empty feed. */
export function checkReachable(ctx: CompileContext, where: YamlNode | undefined): void {
  const { program } = ctx;
  const reachable = program.rules.filter((r) => !r.drop && r.weight > 0).reduce((sum, r) => sum + r.weight, 0);
  if (reachable >= program.threshold) return;
  ctx.fail(
    ctx.at(where),
    reachable === 0
      ? 'this rule set can keep nothing: no rule has a positive weight (every rule drops or subtracts)'
      : `this rule set can keep nothing: threshold ${program.threshold} is above the sum of all positive weights (${reachable})`,
    'a reachable threshold',
  );
}
