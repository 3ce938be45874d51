/**
 * Compiler phase 2: expressions (`define:`, `when:` of rules, topics) → Nodes over term sets. Group names resolve
 * to their sets, inline terms get a set of their own (shared by identical inline terms), scopes become field masks.
 * A defined name stands for its expression, compiled where it is used: a scope around the name applies to the
 * parts of the definition that name no field of their own, as around a parenthesised expression.
 */
import { isMap, isScalar, type Node as YamlNode, type YAMLMap } from 'yaml';
import { BODY_MASK, FIELD_BITS, TEXT_MASK, type CompileContext, type Node } from './compile-context';
import { ExprError, parseExpr, type Expr, type Scope } from './expr';
import { TermError, parseTerm, type Term } from './terms';

type FailAt = (offset: number, detail: string, expected: string, cause?: unknown) => never;

/** A `define:` entry: its parsed expression, where its errors point, and whether an expression used it. */
interface Definition {
  ast: Expr;
  failAt: FailAt;
  used: boolean;
}

const NAME = /^[A-Z][A-Z0-9_]*$/;

export class ExprCompiler {
  private readonly inlineSets = new Map<string, number>();
  private readonly definitions = new Map<string, Definition>();
  /** The definitions being compiled, outermost first: meeting one of them again is a definition that refers to itself. */
  private readonly expanding: string[] = [];

  constructor(private readonly ctx: CompileContext) {}

  /**
   * `define:` — NAME: expression. Parsed here; each is compiled where a rule, a topic or another definition uses
   * it. A name is upper case, as a group's, and may not be a group's too.
   */
  define(root: YAMLMap): void {
    const { ctx } = this;
    const node = root.get('define', true) as YamlNode | undefined;
    if (node === undefined) return;
    if (!isMap(node)) return ctx.fail(ctx.at(node), 'define: expected a mapping NAME: expression', 'a mapping');
    for (const pair of (node as YAMLMap).items) {
      const keyNode = pair.key as YamlNode;
      const name = isScalar(keyNode) ? String(keyNode.value) : '';
      if (!NAME.test(name)) ctx.fail(ctx.at(keyNode), `define: expected an upper-case name (A-Z, 0-9, _), found "${name}"`, 'an upper-case name');
      if (ctx.groupSets.has(name)) ctx.fail(ctx.at(keyNode), `define: ${name} is already a term group (a name means one thing)`, 'a name of its own');
      const parsed = this.parse(pair.value as YamlNode, `definition ${name}`, ctx.at(keyNode));
      this.definitions.set(name, { ...parsed, used: false });
    }
  }

  /**
   * Definitions no rule, topic or other definition used (a warning, as for groups). Each is compiled once here,
   * so an error in it is reported even though nothing uses it.
   */
  unusedDefinitions(): string[] {
    const unused = [...this.definitions].filter(([, d]) => !d.used).map(([name]) => name);
    for (const name of unused) {
      const def = this.definitions.get(name)!;
      this.expand(name, def, 0, undefined, def.failAt);
    }
    return unused;
  }

  compile(scalar: YamlNode | null | undefined, where: string, keyAt: number): Node {
    const { ast, failAt } = this.parse(scalar, where, keyAt);
    return this.build(ast, undefined, failAt);
  }

  private parse(scalar: YamlNode | null | undefined, where: string, keyAt: number): { ast: Expr; failAt: FailAt } {
    const { ctx } = this;
    if (!isScalar(scalar) || typeof scalar.value !== 'string' || !scalar.value.trim()) {
      return ctx.fail(scalar ? ctx.at(scalar) : keyAt, `${where}: expected an expression such as KOREA AND CHINA`, 'an expression');
    }
    let ast: Expr;
    try {
      ast = parseExpr(scalar.value);
    } catch (err) {
      if (err instanceof ExprError) return ctx.fail(ctx.valueOffset(scalar, err.offset), `${where}: ${err.message}`, err.expected, err);
      throw err;
    }
    const failAt: FailAt = (offset, detail, expected, cause) => ctx.fail(ctx.valueOffset(scalar, offset), `${where}: ${detail}`, expected, cause);
    return { ast, failAt };
  }

  private build(e: Expr, scope: Scope | undefined, failAt: FailAt): Node {
    const mask = scopeMask(scope);
    switch (e.kind) {
      case 'group': {
        const def = this.definitions.get(e.name);
        if (def) return this.expand(e.name, def, e.at, scope, failAt);
        return { k: 'leaf', set: this.groupSet(e.name, e.at, failAt), mask };
      }
      case 'term':
        return { k: 'leaf', set: this.inlineSet(e.text, e.at, failAt), mask };
      case 'scoped':
        return this.build(e.item, e.scope, failAt);
      case 'and':
      case 'or':
        return { k: e.kind, items: e.items.map((i) => this.build(i, scope, failAt)) };
      case 'not':
        return { k: 'not', item: this.build(e.item, scope, failAt) };
      case 'atleast': {
        const inner = this.build(e.item, scope, failAt);
        if (inner.k !== 'or' && inner.k !== 'leaf') {
          failAt(e.item.at, `ATLEAST/${e.n} needs a group, a term or an OR of alternatives`, 'a group or (A OR B …)');
        }
        return { k: 'atleast', items: inner.k === 'or' ? inner.items : [inner], n: e.n };
      }
      case 'near': {
        for (const side of [e.left, e.right]) {
          const found = this.withoutOccurrences(side);
          if (found) failAt(side.at, `${e.ordered ? 'BEFORE' : 'NEAR'}/${e.distance} needs groups or terms on both sides, found ${found}`, 'a group or term');
        }
        return { k: 'near', left: this.build(e.left, scope, failAt), right: this.build(e.right, scope, failAt), n: e.distance, ...(e.ordered ? { ordered: true as const } : {}) };
      }
    }
  }

  /** A defined name where it is used: its expression under the use's scope, its errors pointing into `define:`. */
  private expand(name: string, def: Definition, at: number, scope: Scope | undefined, failAt: FailAt): Node {
    const open = this.expanding.indexOf(name);
    if (open >= 0) {
      return failAt(at, `definition ${name} refers to itself (${[...this.expanding.slice(open), name].join(' → ')})`, 'an expression without itself');
    }
    def.used = true;
    this.expanding.push(name);
    try {
      return this.build(def.ast, scope, def.failAt);
    } finally {
      this.expanding.pop();
    }
  }

  /** NEAR pairs occurrences: what a side has instead of them (NOT and ATLEAST only say true or false), if anything. */
  private withoutOccurrences(e: Expr, seen = new Set<string>()): string | undefined {
    switch (e.kind) {
      case 'not':
        return 'NOT';
      case 'atleast':
        return 'ATLEAST';
      case 'scoped':
        return this.withoutOccurrences(e.item, seen);
      case 'and':
      case 'or':
        for (const item of e.items) {
          const found = this.withoutOccurrences(item, seen);
          if (found) return found;
        }
        return undefined;
      case 'group': {
        const def = this.definitions.get(e.name);
        // A definition that refers to itself is reported where it is compiled.
        if (!def || seen.has(e.name)) return undefined;
        seen.add(e.name);
        const found = this.withoutOccurrences(def.ast, seen);
        return found && `${found} (in ${e.name})`;
      }
      default:
        return undefined;
    }
  }

  private groupSet(name: string, at: number, failAt: FailAt): number {
    const set = this.ctx.groupSets.get(name);
    if (set === undefined) {
      const known = [...this.ctx.groupSets.keys()];
      const defined = [...this.definitions.keys()];
      return failAt(
        at,
        `unknown term group "${name}" (known: ${known.length ? known.join(', ') : 'none — define them under groups:'}${defined.length ? `; defined: ${defined.join(', ')}` : ''})`,
        'a known term group',
      );
    }
    this.ctx.groupUsed.set(name, true);
    return set;
  }

  private inlineSet(text: string, at: number, failAt: FailAt): number {
    let term: Term;
    try {
      term = parseTerm(text);
    } catch (err) {
      if (err instanceof TermError) return failAt(at + 1 + err.offset, err.message, 'a term', err);
      throw err;
    }
    const key = `${term.exact ? '=' : ''}${term.infix ? '*' : ''}${term.pattern}${term.prefix ? '*' : ''}`;
    let set = this.inlineSets.get(key);
    if (set === undefined) {
      const { program } = this.ctx;
      set = program.setGroup.length;
      program.setGroup.push(undefined);
      this.inlineSets.set(key, set);
      this.ctx.addTerm(term, [set], false);
    }
    return set;
  }
}

function scopeMask(scope: Scope | undefined): number {
  if (scope === undefined || scope === 'text') return TEXT_MASK;
  if (scope === 'body') return BODY_MASK;
  return FIELD_BITS[scope];
}
