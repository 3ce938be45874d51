/**
 * The rule expression language: a recursive-descent parser from text to an AST with source offsets.
 *
 *   expr    := and ("OR" and)*
 *   and     := near ("AND" near)*
 *   near    := unary (("NEAR/" | "BEFORE/") n unary)*
 *   unary   := "NOT" unary | "ATLEAST/" n unary | scope unary | primary
 *   scope   := ("title" | "summary" | "content" | "article" | "source" | "text" | "body") ":"
 *   primary := GROUP | "quoted term" | "(" expr ")"
 *
 * Precedence, tightest first: NOT, NEAR/n and BEFORE/n, AND, OR. Operators are upper-case; group names are upper-case
 * identifiers (A–Z, 0–9, _); inline terms are quoted with "…" or '…'.
 */

export type Field = 'title' | 'summary' | 'content' | 'source' | 'article';
/** `text` = title, summary and content (the default); `body` = summary and content. */
export type Scope = Field | 'text' | 'body';

export type Expr =
  | { kind: 'group'; name: string; at: number; scope?: Scope }
  | { kind: 'term'; text: string; at: number; scope?: Scope }
  | { kind: 'and' | 'or'; items: Expr[]; at: number }
  | { kind: 'not'; item: Expr; at: number }
  /** At least n of the alternatives of an OR hold; of a single group or term, at least n distinct terms matched. */
  | { kind: 'atleast'; item: Expr; n: number; at: number }
  /** `ordered` (BEFORE/n): the left occurrence comes first. */
  | { kind: 'near'; left: Expr; right: Expr; distance: number; ordered: boolean; at: number }
  | { kind: 'scoped'; scope: Scope; item: Expr; at: number };

export class ExprError extends Error {
  override name = 'ExprError';
  constructor(
    message: string,
    /** Offset in the expression text. */
    readonly offset: number,
    readonly expected?: string,
  ) {
    super(message);
  }
}

type Token =
  | { t: 'op'; v: 'AND' | 'OR' | 'NOT'; at: number }
  | { t: 'near'; n: number; ordered: boolean; at: number }
  | { t: 'atleast'; n: number; at: number }
  | { t: 'group'; v: string; at: number }
  | { t: 'term'; v: string; at: number }
  | { t: 'scope'; v: Scope; at: number }
  | { t: '(' | ')'; at: number }
  | { t: 'end'; at: number };

const SCOPES = new Set<string>(['title', 'summary', 'content', 'source', 'article', 'text', 'body']);

function describe(tok: Token, src: string): string {
  switch (tok.t) {
    case 'end':
      return 'the end of the expression';
    case 'op':
      return tok.v;
    case 'near':
      return `${tok.ordered ? 'BEFORE' : 'NEAR'}/${tok.n}`;
    case 'atleast':
      return `ATLEAST/${tok.n}`;
    case 'term':
      return JSON.stringify(tok.v);
    case 'scope':
      return `"${tok.v}:"`;
    case 'group':
      return tok.v;
    default:
      return JSON.stringify(src[tok.at]);
  }
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ t: c, at: i++ });
      continue;
    }
    if (c === '"' || c === "'") {
      const close = src.indexOf(c, i + 1);
      if (close < 0) throw new ExprError(`expected a closing ${c} for the term starting here`, i, `closing ${c}`);
      out.push({ t: 'term', v: src.slice(i + 1, close), at: i });
      i = close + 1;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*(\/[0-9]*)?:?/.exec(src.slice(i));
    if (m) {
      const word = m[0];
      if (word.endsWith(':') && SCOPES.has(word.slice(0, -1))) {
        out.push({ t: 'scope', v: word.slice(0, -1) as Scope, at: i });
      } else if (word === 'AND' || word === 'OR' || word === 'NOT') {
        out.push({ t: 'op', v: word, at: i });
      } else if (word.startsWith('NEAR/') || word.startsWith('BEFORE/')) {
        const op = word.slice(0, word.indexOf('/'));
        const digits = word.slice(op.length + 1);
        const n = Number(digits);
        if (!digits || !Number.isInteger(n) || n < 1) {
          throw new ExprError(`expected a distance of at least 1 after ${op}/, found "${word}"`, i, `${op}/n`);
        }
        out.push({ t: 'near', n, ordered: op === 'BEFORE', at: i });
      } else if (word.startsWith('ATLEAST/')) {
        const n = Number(word.slice(8));
        if (!word.slice(8) || !Number.isInteger(n) || n < 1) {
          throw new ExprError(`expected a count of at least 1 after ATLEAST/, found "${word}"`, i, 'ATLEAST/n');
        }
        out.push({ t: 'atleast', n, at: i });
      } else if (/^[A-Z][A-Z0-9_]*$/.test(word)) {
        out.push({ t: 'group', v: word, at: i });
      } else if (word.endsWith(':')) {
        throw new ExprError(
          `expected a field scope (title, summary, content, article, source, text, body), found "${word}"`,
          i,
          'a field scope',
        );
      } else {
        throw new ExprError(
          `expected a term group name (upper case) or a quoted term, found "${word}" (quote terms: "${word}")`,
          i,
          'a term group name or a quoted term',
        );
      }
      i += word.length;
      continue;
    }
    throw new ExprError(`unexpected character ${JSON.stringify(c)}`, i, 'an operator, a group or a term');
  }
  out.push({ t: 'end', at: src.length });
  return out;
}

/** Deepest nesting an expression may have (parentheses, NOT, ATLEAST, scopes, NEAR chains). */
export const MAX_DEPTH = 64;

export function parseExpr(src: string): Expr {
  const toks = tokenize(src);
  let pos = 0;
  let depth = 0;
  const peek = (): Token => toks[pos]!;
  const next = (): Token => toks[pos++]!;
  // Every nesting level costs stack in the parser, the compiler and the matcher: bound it with a located error.
  const enter = (at: number): void => {
    if (++depth > MAX_DEPTH) {
      throw new ExprError(`expression nested deeper than ${MAX_DEPTH} levels (parentheses, NOT, ATLEAST, scopes or NEAR in a chain)`, at, 'a shallower expression');
    }
  };

  const operand = (after: string): Expr => {
    enter(peek().at);
    try {
      return unary(after);
    } finally {
      depth--;
    }
  };

  const unary = (after: string): Expr => {
    const tok = peek();
    if (tok.t === 'op' && tok.v === 'NOT') {
      next();
      return { kind: 'not', item: operand('NOT'), at: tok.at };
    }
    if (tok.t === 'atleast') {
      next();
      return { kind: 'atleast', item: operand(`ATLEAST/${tok.n}`), n: tok.n, at: tok.at };
    }
    if (tok.t === 'scope') {
      next();
      const item = operand(`${tok.v}:`);
      return { kind: 'scoped', scope: tok.v, item, at: tok.at };
    }
    return primary(after);
  };

  const primary = (after: string): Expr => {
    const tok = next();
    switch (tok.t) {
      case 'group':
        return { kind: 'group', name: tok.v, at: tok.at };
      case 'term':
        return { kind: 'term', text: tok.v, at: tok.at };
      case '(': {
        const inner = orExpr();
        const close = next();
        if (close.t !== ')') {
          throw new ExprError(
            `expected ")" to close the "(" at column ${tok.at + 1}, found ${describe(close, src)}`,
            close.at,
            '")"',
          );
        }
        return inner;
      }
      default: {
        const where = after ? ` after ${after}` : '';
        throw new ExprError(
          `expected a term group name, a quoted term or "("${where}, found ${describe(tok, src)}`,
          tok.at,
          'a term group name',
        );
      }
    }
  };

  const nearExpr = (after: string): Expr => {
    let left = operand(after);
    const base = depth;
    try {
      while (peek().t === 'near') {
        const tok = next() as Extract<Token, { t: 'near' }>;
        enter(tok.at); // a chain nests to the left: (((A NEAR B) NEAR C) NEAR D)
        const right = operand(`${tok.ordered ? 'BEFORE' : 'NEAR'}/${tok.n}`);
        left = { kind: 'near', left, right, distance: tok.n, ordered: tok.ordered, at: tok.at };
      }
      return left;
    } finally {
      depth = base;
    }
  };

  const andExpr = (after: string): Expr => {
    const items = [nearExpr(after)];
    for (;;) {
      const tok = peek();
      if (tok.t === 'op' && tok.v === 'AND') {
        next();
        items.push(nearExpr('AND'));
      } else if (tok.t === 'group' || tok.t === 'term' || tok.t === 'scope' || tok.t === '(' || tok.t === 'atleast' || (tok.t === 'op' && tok.v === 'NOT')) {
        throw new ExprError(
          `expected AND, OR, NEAR/n or ")" between terms, found ${describe(tok, src)}`,
          tok.at,
          'an operator',
        );
      } else {
        break;
      }
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items, at: items[0]!.at };
  };

  function orExpr(after = ''): Expr {
    const items = [andExpr(after)];
    while (peek().t === 'op' && (peek() as { v: string }).v === 'OR') {
      next();
      items.push(andExpr('OR'));
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items, at: items[0]!.at };
  }

  const expr = orExpr();
  const tail = peek();
  if (tail.t !== 'end') {
    throw new ExprError(
      tail.t === ')'
        ? `found ")" without a matching "("`
        : `expected AND, OR or the end of the expression, found ${describe(tail, src)}`,
      tail.at,
      'an operator',
    );
  }
  return expr;
}
