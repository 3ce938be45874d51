/**
 * Compiler phase 2: expressions (`when:` of rules, topics) → Nodes over term sets. Group names resolve to
 * their sets, inline terms get a set of their own (shared by identical inline terms), scopes become field masks.
 */
import { isScalar, type Node as YamlNode } from 'yaml';
import { BODY_MASK, FIELD_BITS, TEXT_MASK, type CompileContext, type Node } from './compile-context';
import { ExprError, parseExpr, type Expr, type Scope } from './expr';
import { TermError, parseTerm, type Term } from './terms';

export class ExprCompiler {
  private readonly inlineSets = new Map<string, number>();

  constructor(private readonly ctx: CompileContext) {}

  compile(scalar: YamlNode | null | undefined, where: string, keyAt: number): Node {
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
    const failAt = (offset: number, detail: string, expected: string, cause?: unknown): never =>
      ctx.fail(ctx.valueOffset(scalar, offset), `${where}: ${detail}`, expected, cause);
    return this.build(ast, undefined, failAt);
  }

  private build(e: Expr, scope: Scope | undefined, failAt: (offset: number, detail: string, expected: string, cause?: unknown) => never): Node {
    const mask = scopeMask(scope);
    switch (e.kind) {
      case 'group':
        return { k: 'leaf', set: this.groupSet(e.name, e.at, failAt), mask };
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
          if (!yieldsOccurrences(side)) {
            failAt(side.at, `${e.ordered ? 'BEFORE' : 'NEAR'}/${e.distance} needs groups or terms on both sides, found ${side.kind === 'atleast' ? 'ATLEAST' : 'NOT'}`, 'a group or term');
          }
        }
        return { k: 'near', left: this.build(e.left, scope, failAt), right: this.build(e.right, scope, failAt), n: e.distance, ...(e.ordered ? { ordered: true as const } : {}) };
      }
    }
  }

  private groupSet(name: string, at: number, failAt: (offset: number, detail: string, expected: string) => never): number {
    const set = this.ctx.groupSets.get(name);
    if (set === undefined) {
      const known = [...this.ctx.groupSets.keys()];
      return failAt(at, `unknown term group "${name}" (known: ${known.length ? known.join(', ') : 'none — define them under groups:'})`, 'a known term group');
    }
    this.ctx.groupUsed.set(name, true);
    return set;
  }

  private inlineSet(text: string, at: number, failAt: (offset: number, detail: string, expected: string, cause?: unknown) => never): number {
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

/** NEAR pairs occurrences: a side must yield them (NOT and ATLEAST only say true or false). */
function yieldsOccurrences(e: Expr): boolean {
  switch (e.kind) {
    case 'not':
    case 'atleast':
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
