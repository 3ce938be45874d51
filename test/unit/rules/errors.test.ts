/** An invalid rule file refuses to load, naming the file, line and column and what was expected. */
import { describe, expect, it } from 'vitest';
import { compileRules, RuleSyntaxError } from '../../../src/core/rules/index';

const HEAD = 'groups:\n  KOREA: [Korea]\n  CHINA: [China]\nrules:\n';

function compileError(text: string): RuleSyntaxError {
  try {
    compileRules(text, 'config/rules.yml');
  } catch (err) {
    if (err instanceof RuleSyntaxError) return err;
    throw err;
  }
  throw new Error('expected a RuleSyntaxError');
}

describe('rule file errors', () => {
  it.each([
    [
      'parentheses nested 3,000 deep',
      `${HEAD}  - name: a\n    when: ${'('.repeat(3000)}KOREA${')'.repeat(3000)}\n`,
      'config/rules.yml:6:75: rules: rule a: expression nested deeper than 64 levels (parentheses, NOT, ATLEAST, scopes or NEAR in a chain)',
    ],
    [
      'a NEAR chain 3,000 long',
      `${HEAD}  - name: a\n    when: ${Array(3000).fill('KOREA').join(' NEAR/1 ')}\n`,
      'config/rules.yml:6:843: rules: rule a: expression nested deeper than 64 levels (parentheses, NOT, ATLEAST, scopes or NEAR in a chain)',
    ],

    [
      'ATLEAST without a count',
      `${HEAD}  - name: a\n    when: ATLEAST/ (KOREA OR CHINA)\n`,
      'config/rules.yml:6:11: rules: rule a: expected a count of at least 1 after ATLEAST/, found "ATLEAST/"',
    ],
    [
      'ATLEAST over an AND',
      `${HEAD}  - name: a\n    when: ATLEAST/2 (KOREA AND CHINA)\n`,
      'config/rules.yml:6:22: rules: rule a: ATLEAST/2 needs a group, a term or an OR of alternatives',
    ],
    [
      'ATLEAST beside NEAR',
      `${HEAD}  - name: a\n    when: KOREA NEAR/3 ATLEAST/2 (KOREA OR CHINA)\n`,
      'config/rules.yml:6:24: rules: rule a: NEAR/3 needs groups or terms on both sides, found ATLEAST',
    ],
    [
      'NOT without an operand',
      `${HEAD}  - name: a\n    when: KOREA AND (NOT)\n`,
      'config/rules.yml:6:25: rules: rule a: expected a term group name, a quoted term or "(" after NOT, found ")"',
    ],
    [
      'unknown group',
      `${HEAD}  - name: a\n    when: KOREA AND JAPAN\n`,
      'config/rules.yml:6:21: rules: rule a: unknown term group "JAPAN" (known: KOREA, CHINA)',
    ],
    [
      'unclosed parenthesis',
      `${HEAD}  - name: a\n    when: (KOREA OR CHINA\n`,
      'config/rules.yml:6:26: rules: rule a: expected ")" to close the "(" at column 1, found the end of the expression',
    ],
    [
      'two operands without an operator',
      `${HEAD}  - name: a\n    when: KOREA CHINA\n`,
      'config/rules.yml:6:17: rules: rule a: expected AND, OR, NEAR/n or ")" between terms, found CHINA',
    ],
    [
      'bare lower-case word',
      `${HEAD}  - name: a\n    when: KOREA AND china\n`,
      'config/rules.yml:6:21: rules: rule a: expected a term group name (upper case) or a quoted term, found "china" (quote terms: "china")',
    ],
    [
      'NEAR without a distance',
      `${HEAD}  - name: a\n    when: KOREA NEAR/ CHINA\n`,
      'config/rules.yml:6:17: rules: rule a: expected a distance of at least 1 after NEAR/, found "NEAR/"',
    ],
    [
      'BEFORE without a distance',
      `${HEAD}  - name: a\n    when: KOREA BEFORE/0 CHINA\n`,
      'config/rules.yml:6:17: rules: rule a: expected a distance of at least 1 after BEFORE/, found "BEFORE/0"',
    ],
    [
      'BEFORE with NOT',
      `${HEAD}  - name: a\n    when: KOREA BEFORE/2 NOT CHINA\n`,
      'config/rules.yml:6:26: rules: rule a: BEFORE/2 needs groups or terms on both sides, found NOT',
    ],
    [
      'NEAR with NOT',
      `${HEAD}  - name: a\n    when: KOREA NEAR/3 NOT CHINA\n`,
      'config/rules.yml:6:24: rules: rule a: NEAR/3 needs groups or terms on both sides, found NOT',
    ],
    [
      'error inside a block scalar',
      `${HEAD}  - name: a\n    when: |\n      KOREA AND\n      (CHINA OR)\n`,
      'config/rules.yml:8:16: rules: rule a: expected a term group name, a quoted term or "(" after OR, found ")"',
    ],
    [
      'wildcard inside a term',
      'groups:\n  KOREA: [Ko*rea]\nrules:\n  - name: a\n    when: KOREA\n',
      'config/rules.yml:2:13: rules: groups: KOREA: a wildcard * may only start or end a term, found one inside "Ko*rea"',
    ],
    ['empty rule set', 'groups:\n  KOREA: [Korea]\nrules: []\n', 'config/rules.yml:3:8: rules: expected a non-empty list under "rules:" (an empty rule set keeps nothing)'],
    ['missing rules', 'groups:\n  KOREA: [Korea]\n', 'config/rules.yml:3:1: rules: expected a non-empty list under "rules:" (an empty rule set keeps nothing)'],
    [
      'threshold out of reach',
      `threshold: 5\n${HEAD}  - name: a\n    when: KOREA\n    weight: 2\n  - name: b\n    when: CHINA\n    weight: 2\n`,
      'config/rules.yml:1:12: rules: this rule set can keep nothing: threshold 5 is above the sum of all positive weights (4)',
    ],
    [
      'only drop rules',
      `${HEAD}  - name: a\n    when: KOREA\n    drop: true\n`,
      'config/rules.yml:4:1: rules: this rule set can keep nothing: no rule has a positive weight (every rule drops or subtracts)',
    ],
    ['unknown top-level key', `${HEAD}  - name: a\n    when: KOREA\ntreshold: 2\n`, 'config/rules.yml:7:1: rules: unknown key "treshold" (expected one of: threshold, groups, ignore, define, rules, topics)'],
    [
      'an error inside a definition points into define:',
      `groups:\n  KOREA: [Korea]\ndefine:\n  PAIR: KOREA AND JAPAN\nrules:\n  - name: a\n    when: title:PAIR\n`,
      'config/rules.yml:4:19: rules: definition PAIR: unknown term group "JAPAN" (known: KOREA; defined: PAIR)',
    ],
    [
      'an error inside a definition nothing uses',
      `groups:\n  KOREA: [Korea]\ndefine:\n  PAIR: KOREA AND JAPAN\nrules:\n  - name: a\n    when: KOREA\n`,
      'config/rules.yml:4:19: rules: definition PAIR: unknown term group "JAPAN" (known: KOREA; defined: PAIR)',
    ],
    [
      'a definition that does not parse',
      `groups:\n  KOREA: [Korea]\ndefine:\n  PAIR: KOREA AND (\nrules:\n  - name: a\n    when: PAIR\n`,
      'config/rules.yml:4:20: rules: definition PAIR: expected a term group name, a quoted term or "(", found the end of the expression',
    ],
    [
      'a definition that refers to itself',
      `groups:\n  KOREA: [Korea]\ndefine:\n  A: KOREA AND B\n  B: NOT A\nrules:\n  - name: a\n    when: A\n`,
      'config/rules.yml:5:10: rules: definition B: definition A refers to itself (A → B → A)',
    ],
    [
      'a definition named as a group',
      `groups:\n  KOREA: [Korea]\ndefine:\n  KOREA: '"Korea"'\nrules:\n  - name: a\n    when: KOREA\n`,
      'config/rules.yml:4:3: rules: define: KOREA is already a term group (a name means one thing)',
    ],
    [
      'a lower-case definition name',
      `groups:\n  KOREA: [Korea]\ndefine:\n  pair: KOREA\nrules:\n  - name: a\n    when: KOREA\n`,
      'config/rules.yml:4:3: rules: define: expected an upper-case name (A-Z, 0-9, _), found "pair"',
    ],
    [
      'NEAR with a definition that has NOT',
      `groups:\n  KOREA: [Korea]\n  CHINA: [China]\ndefine:\n  NOT_CHINA: NOT CHINA\nrules:\n  - name: a\n    when: KOREA NEAR/3 NOT_CHINA\n`,
      'config/rules.yml:8:24: rules: rule a: NEAR/3 needs groups or terms on both sides, found NOT (in NOT_CHINA)',
    ],
    ['unknown rule key', `${HEAD}  - name: a\n    wen: KOREA\n`, 'config/rules.yml:6:5: rules: rules: unknown key "wen" (expected one of: name, when, weight, prior, drop)'],
    ['duplicate rule name', `${HEAD}  - name: a\n    when: KOREA\n  - name: a\n    when: CHINA\n`, 'config/rules.yml:7:11: rules: rules: duplicate rule name "a"'],
    ['lower-case group name', 'groups:\n  korea: [Korea]\nrules:\n  - name: a\n    when: \'"x"\'\n', 'config/rules.yml:2:3: rules: groups: expected an upper-case group name (A-Z, 0-9, _), found "korea"'],
    ['empty group', 'groups:\n  KOREA: []\nrules:\n  - name: a\n    when: KOREA\n', 'config/rules.yml:2:10: rules: groups: KOREA: expected a non-empty list of terms'],
    ['invalid YAML', 'rules:\n  - name: a\n   when: [\n', 'config/rules.yml:3:1: rules: invalid YAML'],
  ])('%s', (_name, text, message) => {
    // Act
    const err = compileError(text);
    // Assess
    expect(err.name).toBe('RuleSyntaxError');
    expect(err.message.startsWith(message)).toBe(true);
    expect(err.file).toBe('config/rules.yml');
    expect(`${err.file}:${err.line}:${err.column}`).toBe(message.split(': ')[0]);
  });

  it('carries what it expected', () => {
    // Act
    const err = compileError(`${HEAD}  - name: a\n    when: KOREA AND (NOT)\n`);
    // Assess
    expect(err.expected).toBe('a term group name');
  });
});

describe('rule file errors: YAML nested too deeply', () => {
  it('is a located error, not a stack trace', () => {
    // The column is where the YAML parser ran out of stack, which depends on the stack size: only the line is fixed.
    const err = compileError(`groups:\n  KOREA: ${'['.repeat(3000)}Korea${']'.repeat(3000)}\nrules:\n  - name: a\n    when: KOREA\n`);
    expect(err.message).toMatch(/^config\/rules\.yml:2:\d+: rules: invalid YAML: nested too deeply \(thousands of brackets or indentation levels\)$/);
  });
});

describe('rule file warnings', () => {
  it('warns about terms that can never match, and leaves an invisible-only one out', () => {
    const rules = compileRules(
      'groups:\n  KOREA: [Korea, "\u200B\u200B", "K\u043Erea", "Ko\u00ADrea"]\nrules:\n  - name: a\n    when: KOREA\n',
      'config/rules.yml',
    );
    expect(rules.warnings).toEqual([
      'config/rules.yml:2:18: rules: groups: KOREA: term "\u200B\u200B" is only invisible characters and can never match; left out',
      'config/rules.yml:2:24: rules: groups: KOREA: term "Kоrea" mixes Latin and Cyrillic letters in one word and can never match text written in one script',
      'config/rules.yml:2:33: rules: groups: KOREA: term "Ko\u00ADrea" contains invisible characters; they are ignored (it matches "Korea")',
    ]);
    expect(rules.classify({ title: 'Korea', summary: '' }).kept).toBe(true);
  });

  it('warns about a definition nothing uses', () => {
    const rules = compileRules('groups:\n  KOREA: [Korea]\ndefine:\n  SPARE: KOREA\n  USED: KOREA\nrules:\n  - name: a\n    when: USED\n', 'config/rules.yml');
    expect(rules.warnings).toEqual(['rules: definition SPARE is never used']);
  });
});
