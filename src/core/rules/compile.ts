/**
 * Rule file (YAML) → Program: validates every key, parses every expression and term, resolves group names and
 * refuses a file that could never keep a story. Every error is a RuleSyntaxError at the offending line/column.
 *
 * File shape (see README-syntax.md):
 *   threshold: 3              score a story needs to be kept (default 1)
 *   groups:   { NAME: [term | $OTHER_GROUP, …] }
 *   ignore:   [phrase, …]     trap phrases: a term occurrence inside one is not evidence
 *   rules:    [{ name, when, weight?, drop? }, …]
 *   topics:   { name: expression }   feed categories for kept stories
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair, type Scalar } from 'yaml';
import { RuleSyntaxError } from './errors';
import { ExprError, parseExpr, type Expr, type Scope } from './expr';
import { TermError, parseTerm, type Term } from './terms';

export const FIELD_BITS = { title: 1, summary: 2, content: 4, source: 8 } as const;
const TEXT_MASK = FIELD_BITS.title | FIELD_BITS.summary | FIELD_BITS.content;

export type Node =
  | { k: 'leaf'; set: number; mask: number }
  | { k: 'and' | 'or'; items: Node[] }
  | { k: 'not'; item: Node }
  | { k: 'near'; left: Node; right: Node; n: number };

export interface CompiledRule {
  name: string;
  weight: number;
  drop: boolean;
  node: Node;
}

export interface Program {
  threshold: number;
  terms: Term[];
  /** For each term, the sets (groups or inline terms) its occurrences go to; empty for ignore phrases. */
  termSets: number[][];
  ignoreTerm: boolean[];
  /** Group name of each set; undefined for an inline term. */
  setGroup: (string | undefined)[];
  patterns: string[];
  patternTerms: number[][];
  rules: CompiledRule[];
  topics: { name: string; node: Node }[];
  warnings: string[];
}

const TOP_KEYS = ['threshold', 'groups', 'ignore', 'rules', 'topics'];
const RULE_KEYS = ['name', 'when', 'weight', 'drop'];

export function compileProgram(text: string, file: string): Program {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const fail = (offset: number, detail: string, expected?: string, cause?: unknown): never => {
    const pos = lines.linePos(Math.max(0, Math.min(offset, text.length)));
    throw new RuleSyntaxError({ file, line: pos.line, column: pos.col }, detail, { expected, cause });
  };
  const at = (node: YamlNode | Pair | null | undefined): number =>
    (node && 'range' in node && node.range ? node.range[0] : undefined) ??
    (node && 'key' in node && isScalar(node.key) && node.key.range ? node.key.range[0] : 0);

  const yamlError = doc.errors[0];
  if (yamlError) fail(yamlError.pos[0], `invalid YAML: ${yamlError.message.split('\n')[0]}`, undefined, yamlError);
  const root = doc.contents;
  if (!isMap(root)) return fail(at(root), 'expected a mapping with "rules:" (and usually "groups:") at the top', 'rules:');

  const program: Program = {
    threshold: 1,
    terms: [],
    termSets: [],
    ignoreTerm: [],
    setGroup: [],
    patterns: [],
    patternTerms: [],
    rules: [],
    topics: [],
    warnings: [],
  };
  const patternIndex = new Map<string, number>();
  const addTerm = (term: Term, sets: number[], ignore: boolean): void => {
    const id = program.terms.length;
    program.terms.push(term);
    program.termSets.push(sets);
    program.ignoreTerm.push(ignore);
    let p = patternIndex.get(term.pattern);
    if (p === undefined) {
      p = program.patterns.length;
      patternIndex.set(term.pattern, p);
      program.patterns.push(term.pattern);
      program.patternTerms.push([]);
    }
    program.patternTerms[p]!.push(id);
  };
  const termAt = (scalar: YamlNode | null, where: string): Term => {
    if (!isScalar(scalar) || typeof scalar.value !== 'string' && typeof scalar.value !== 'number') {
      return fail(at(scalar), `${where}: expected a term (a word or phrase)`, 'a term');
    }
    const src = String(scalar.value);
    try {
      return parseTerm(src);
    } catch (err) {
      if (err instanceof TermError) return fail(valueOffset(text, scalar, err.offset), `${where}: ${err.message}`, 'a term', err);
      throw err;
    }
  };

  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!TOP_KEYS.includes(key)) {
      fail(at(pair.key as YamlNode), `unknown key "${key}" (expected one of: ${TOP_KEYS.join(', ')})`, TOP_KEYS.join(', '));
    }
  }

  // threshold
  const thresholdNode = root.get('threshold', true) as YamlNode | undefined;
  if (thresholdNode !== undefined) {
    const v = isScalar(thresholdNode) ? thresholdNode.value : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      fail(at(thresholdNode), `threshold: expected a number above 0, found ${JSON.stringify(String(v ?? ''))}`, 'a number');
    }
    program.threshold = v as number;
  }

  // groups
  const groupSets = new Map<string, number>();
  const groupUsed = new Map<string, boolean>();
  const groupsNode = root.get('groups', true) as YamlNode | undefined;
  if (groupsNode !== undefined && !isMap(groupsNode)) fail(at(groupsNode), 'groups: expected a mapping NAME: [terms]', 'a mapping');
  if (isMap(groupsNode)) {
    for (const pair of groupsNode.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      const keyAt = at(pair.key as YamlNode);
      if (!/^[A-Z][A-Z0-9_]*$/.test(name) || ['AND', 'OR', 'NOT'].includes(name)) {
        fail(keyAt, `groups: expected an upper-case group name (A-Z, 0-9, _), found "${name}"`, 'a group name');
      }
      const list = pair.value as YamlNode | null;
      if (!isSeq(list) || list.items.length === 0) {
        fail(at(list) || keyAt, `groups: ${name}: expected a non-empty list of terms`, 'a list of terms');
      }
      const set = program.setGroup.length;
      program.setGroup.push(name);
      groupSets.set(name, set);
      groupUsed.set(name, false);
      for (const item of (list as { items: YamlNode[] }).items) {
        const include = isScalar(item) && typeof item.value === 'string' ? /^\$([A-Z][A-Z0-9_]*)$/.exec(item.value.trim()) : null;
        if (!include) {
          addTerm(termAt(item, `groups: ${name}`), [set], false);
          continue;
        }
        // `$OTHER` includes every term of a group defined above (and of the groups it includes).
        const other = groupSets.get(include[1]!);
        if (other === undefined || other === set) {
          fail(at(item), `groups: ${name}: $${include[1]} must name a group defined above this one`, 'a group defined above');
        }
        groupUsed.set(include[1]!, true);
        for (const sets of program.termSets) if (sets.includes(other!)) sets.push(set);
      }
    }
  }

  // ignore
  const ignoreNode = root.get('ignore', true) as YamlNode | undefined;
  if (ignoreNode !== undefined) {
    if (!isSeq(ignoreNode)) fail(at(ignoreNode), 'ignore: expected a list of phrases', 'a list');
    for (const item of (ignoreNode as { items: YamlNode[] }).items) addTerm(termAt(item, 'ignore'), [], true);
  }

  // expressions
  const inlineSets = new Map<string, number>();
  const compileExpr = (scalar: YamlNode | null | undefined, where: string, keyAt: number): Node => {
    if (!isScalar(scalar) || typeof scalar.value !== 'string' || !scalar.value.trim()) {
      return fail(scalar ? at(scalar) : keyAt, `${where}: expected an expression such as KOREA AND CHINA`, 'an expression');
    }
    const src = scalar.value;
    let ast: Expr;
    try {
      ast = parseExpr(src);
    } catch (err) {
      if (err instanceof ExprError) return fail(valueOffset(text, scalar, err.offset), `${where}: ${err.message}`, err.expected, err);
      throw err;
    }
    const build = (e: Expr, scope: Scope | undefined): Node => {
      const mask =
        scope === undefined || scope === 'text'
          ? TEXT_MASK
          : scope === 'body'
            ? FIELD_BITS.summary | FIELD_BITS.content
            : FIELD_BITS[scope];
      switch (e.kind) {
        case 'group': {
          const set = groupSets.get(e.name);
          if (set === undefined) {
            const known = [...groupSets.keys()];
            return fail(
              valueOffset(text, scalar, e.at),
              `${where}: unknown term group "${e.name}" (known: ${known.length ? known.join(', ') : 'none — define them under groups:'})`,
              'a known term group',
            );
          }
          groupUsed.set(e.name, true);
          return { k: 'leaf', set, mask };
        }
        case 'term': {
          let term: Term;
          try {
            term = parseTerm(e.text);
          } catch (err) {
            if (err instanceof TermError) return fail(valueOffset(text, scalar, e.at + 1 + err.offset), `${where}: ${err.message}`, 'a term', err);
            throw err;
          }
          const key = `${term.exact ? '=' : ''}${term.infix ? '*' : ''}${term.pattern}${term.prefix ? '*' : ''}`;
          let set = inlineSets.get(key);
          if (set === undefined) {
            set = program.setGroup.length;
            program.setGroup.push(undefined);
            inlineSets.set(key, set);
            addTerm(term, [set], false);
          }
          return { k: 'leaf', set, mask };
        }
        case 'scoped':
          return build(e.item, e.scope);
        case 'and':
        case 'or':
          return { k: e.kind, items: e.items.map((i) => build(i, scope)) };
        case 'not':
          return { k: 'not', item: build(e.item, scope) };
        case 'near': {
          for (const side of [e.left, e.right]) {
            if (!yieldsOccurrences(side)) {
              fail(valueOffset(text, scalar, side.at), `${where}: NEAR/${e.distance} needs groups or terms on both sides, found NOT`, 'a group or term');
            }
          }
          return { k: 'near', left: build(e.left, scope), right: build(e.right, scope), n: e.distance };
        }
      }
    };
    return build(ast, undefined);
  };

  // rules
  const rulesPair = root.items.find((p) => isScalar(p.key) && p.key.value === 'rules');
  const rulesNode = rulesPair?.value as YamlNode | undefined;
  if (!rulesPair || !isSeq(rulesNode) || rulesNode.items.length === 0) {
    fail(rulesPair ? at(rulesNode) || at(rulesPair.key as YamlNode) : text.length, 'expected a non-empty list under "rules:" (an empty rule set keeps nothing)', 'rules:');
  }
  const names = new Set<string>();
  for (const item of (rulesNode as { items: YamlNode[] }).items) {
    if (!isMap(item)) fail(at(item), 'rules: expected a mapping with name and when', 'name:');
    const map = item as import('yaml').YAMLMap;
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!RULE_KEYS.includes(key)) {
        fail(at(pair.key as YamlNode), `rules: unknown key "${key}" (expected one of: ${RULE_KEYS.join(', ')})`, RULE_KEYS.join(', '));
      }
    }
    const nameNode = map.get('name', true) as YamlNode | undefined;
    const name = isScalar(nameNode) ? String(nameNode.value ?? '').trim() : '';
    if (!name) fail(at(nameNode) || at(item), 'rules: expected a rule name (name: …)', 'name:');
    if (names.has(name)) fail(at(nameNode), `rules: duplicate rule name "${name}"`, 'a unique name');
    names.add(name);
    const weightNode = map.get('weight', true) as YamlNode | undefined;
    let weight = program.threshold;
    if (weightNode !== undefined) {
      const v = isScalar(weightNode) ? weightNode.value : undefined;
      if (typeof v !== 'number' || !Number.isFinite(v) || v === 0) {
        fail(at(weightNode), `rules: ${name}: expected a non-zero number for weight`, 'a number');
      }
      weight = v as number;
    }
    const dropNode = map.get('drop', true) as YamlNode | undefined;
    const drop = dropNode !== undefined && isScalar(dropNode) && dropNode.value === true;
    if (dropNode !== undefined && !(isScalar(dropNode) && typeof dropNode.value === 'boolean')) {
      fail(at(dropNode), `rules: ${name}: expected true or false for drop`, 'true or false');
    }
    const node = compileExpr(map.get('when', true) as YamlNode | undefined, `rule ${name}`, at(item));
    program.rules.push({ name, weight, drop, node });
  }

  // topics
  const topicsNode = root.get('topics', true) as YamlNode | undefined;
  if (topicsNode !== undefined && !isMap(topicsNode)) fail(at(topicsNode), 'topics: expected a mapping name: expression', 'a mapping');
  if (isMap(topicsNode)) {
    for (const pair of topicsNode.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      program.topics.push({ name, node: compileExpr(pair.value as YamlNode, `topic ${name}`, at(pair.key as YamlNode)) });
    }
  }

  // A rule set that can keep nothing is refused: the operator would get a silent, empty feed.
  const reachable = program.rules.filter((r) => !r.drop && r.weight > 0).reduce((sum, r) => sum + r.weight, 0);
  if (reachable < program.threshold) {
    const where = thresholdNode ?? rulesPair?.key;
    fail(
      at(where as YamlNode),
      reachable === 0
        ? 'this rule set can keep nothing: no rule has a positive weight (every rule drops or subtracts)'
        : `this rule set can keep nothing: threshold ${program.threshold} is above the sum of all positive weights (${reachable})`,
      'a reachable threshold',
    );
  }
  for (const [name, used] of groupUsed) if (!used) program.warnings.push(`rules: group ${name} is defined but never used`);
  return program;
}

function yieldsOccurrences(e: Expr): boolean {
  switch (e.kind) {
    case 'not':
      return false;
    case 'scoped':
      return yieldsOccurrences(e.item);
    case 'and':
    case 'or':
      return e.items.every(yieldsOccurrences);
    default:
      return true;
  }
}

/**
 * Maps an offset in a scalar's parsed value to an offset in the file: walks the source of the scalar and matches
 * the value's characters in order (quotes, indentation and folded line breaks are skipped), which holds for
 * plain, quoted and block scalars alike.
 */
function valueOffset(text: string, scalar: Scalar, offset: number): number {
  const value = String(scalar.value);
  const [start = 0, end = text.length] = scalar.range ?? [];
  let j = start;
  if (scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') j = text.indexOf('\n', start) + 1 || start;
  else if (scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE') j = start + 1;
  const ws = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch);
  for (let i = 0; i < value.length && j < end; i++) {
    const c = value[i]!;
    if (ws(c)) {
      while (j < end && !ws(text[j])) j++;
    } else {
      while (j < end && text[j] !== c) j++;
    }
    if (i === offset) return j;
    j++;
  }
  return Math.min(j, end);
}
