/** The expression language: every operator, scope, weight and drop, on one small rule file per row. */
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../../src/core/rules/index';
import type { ClassifyInput } from '../../../src/core/rules/types';

const GROUPS = `groups:
  KOREA: [Korea*, 한국, 韩国, Seoul]
  CHINA: [China, Chinese, 중국, 中国, Beijing]
  TALKS: [talks, summit, 회담, 会谈]
  JAPAN: [Japan]
  BOTH: [$KOREA, $CHINA]
`;

/** Whether a one-rule file (`head`: its groups and any other section) keeps the story. */
function keep(when: string, input: Partial<ClassifyInput>, head = GROUPS): boolean {
  const rules = compileRules(`${head}rules:\n  - name: r\n    when: ${JSON.stringify(when)}\n`, 'test.yml');
  return rules.classify({ title: '', summary: '', ...input }).kept;
}

describe('operators', () => {
  it.each([
    ['KOREA AND CHINA', { title: 'Korea and China' }, true],
    ['KOREA AND CHINA', { title: 'Korea and Japan' }, false],
    ['KOREA OR CHINA', { title: 'Japan and China' }, true],
    ['KOREA OR CHINA', { title: 'Japan' }, false],
    ['KOREA AND NOT JAPAN', { title: 'Korea and China' }, true],
    ['KOREA AND NOT JAPAN', { title: 'Korea and Japan' }, false],
    ['NOT NOT KOREA', { title: 'Korea' }, true],
    // precedence: AND binds tighter than OR
    ['JAPAN AND KOREA OR CHINA', { title: 'China' }, true],
    ['JAPAN AND (KOREA OR CHINA)', { title: 'China' }, false],
    ['"Sino-Korean"', { title: 'Sino Korean ties' }, true],
    ["'Yellow Sea' AND CHINA", { title: 'China in the Yellow Sea' }, true],
    ['BOTH', { title: 'Beijing' }, true],
    // field scopes
    ['title:KOREA', { title: 'Korea', summary: '' }, true],
    ['title:KOREA', { title: 'Japan', summary: 'Korea' }, false],
    ['summary:KOREA', { title: 'Japan', summary: 'Korea' }, true],
    ['content:KOREA', { content: '<p>Korea</p>' }, true],
    ['content:KOREA', { summary: 'Korea' }, false],
    ['body:KOREA', { content: 'Korea' }, true],
    ['body:KOREA', { title: 'Korea' }, false],
    ['source:KOREA', { source: 'Korea Herald' }, true],
    ['KOREA', { source: 'Korea Herald' }, false],
    ['text:KOREA', { summary: 'Korea' }, true],
    ['title:(KOREA AND CHINA)', { title: 'Korea', summary: 'China' }, false],
    // proximity: words in spaced scripts
    ['KOREA NEAR/2 CHINA', { title: 'Korea and China' }, true],
    ['KOREA NEAR/2 CHINA', { title: 'China and, well, Korea' }, false],
    ['KOREA NEAR/1 CHINA', { title: 'Korea-China' }, true],
    ['KOREA NEAR/3 CHINA', { title: 'Korea', summary: 'China' }, false],
    ['KOREA NEAR/2 CHINA', { title: '한국과 중국의' }, true],
    // proximity: characters in Han
    ['KOREA NEAR/2 CHINA', { title: '韩国与中国' }, true],
    ['KOREA NEAR/2 CHINA', { title: '韩国今天表示中国' }, false],
    ['(KOREA NEAR/3 CHINA) NEAR/3 TALKS', { title: 'Korea, China hold talks' }, true],
    ['(KOREA NEAR/3 CHINA) NEAR/3 TALKS', { title: 'Korea, China hold several rounds of formal talks' }, false],
    // ordered proximity: BEFORE/n holds only with the left side first ("US president", not "president … US")
    ['KOREA BEFORE/2 CHINA', { title: 'Korea and China' }, true],
    ['KOREA BEFORE/2 CHINA', { title: 'China and Korea' }, false],
    ['CHINA BEFORE/1 TALKS', { title: 'Chinese talks' }, true],
    ['CHINA BEFORE/1 TALKS', { title: 'talks, Chinese' }, false],
    // a possessive is one word with its owner, whatever matched it: "Korea's talks" (Korea*) is as near as "Korean talks"
    ['CHINA BEFORE/1 TALKS', { title: "China's talks" }, true],
    ['KOREA BEFORE/1 TALKS', { title: "Korea's talks" }, true],
    ['KOREA BEFORE/1 TALKS', { title: 'Korea’s talks' }, true],
    ['KOREA BEFORE/1 TALKS', { title: "Korea's big talks" }, false],
    ['KOREA BEFORE/1 CHINA', { title: '韩国中国' }, true],
    ['KOREA BEFORE/1 CHINA', { title: '中国韩国' }, false],
    ['KOREA BEFORE/3 CHINA', { title: 'Korea', summary: 'China' }, false],
    ['(KOREA BEFORE/3 CHINA) NEAR/3 TALKS', { title: 'talks between Korea and China' }, true],
    // ATLEAST/n: how many alternatives of an OR hold, or how many distinct terms of one group matched
    ['ATLEAST/2 (KOREA OR CHINA OR JAPAN)', { title: 'Japan and China' }, true],
    ['ATLEAST/2 (KOREA OR CHINA OR JAPAN)', { title: 'China, China and China' }, false],
    ['ATLEAST/3 (KOREA OR CHINA OR JAPAN)', { title: 'Korea, China', summary: 'Japan' }, true],
    ['title:ATLEAST/3 (KOREA OR CHINA OR JAPAN)', { title: 'Korea, China', summary: 'Japan' }, false],
    ['ATLEAST/2 CHINA', { title: 'Beijing says China will reply' }, true],
    ['ATLEAST/2 CHINA', { title: 'China, China' }, false],
    ['KOREA AND NOT ATLEAST/2 (CHINA OR JAPAN)', { title: 'Korea and Japan' }, true],
    ['KOREA AND NOT ATLEAST/2 (CHINA OR JAPAN)', { title: 'Korea, Japan and China' }, false],
  ])('%s on %j → %s', (when, input, expected) => {
    // Act
    const kept = keep(when, input);
    // Assess
    expect(kept).toBe(expected);
  });
});

describe('define: named expressions', () => {
  const DEFINE = `define:
  # Korea named just before "and others": one of a list, not one side of a pair.
  LISTED: KOREA BEFORE/2 "and others"
  PAIR: KOREA AND CHINA AND NOT LISTED
  SIDES_CLOSE: KOREA NEAR/3 CHINA
`;

  it.each([
    ['PAIR', { title: 'Korea and China' }, true],
    ['PAIR', { title: 'China, Korea and others' }, false],
    // The scope of the use applies inside: the headline pair, not a pair split over headline and summary.
    ['title:PAIR', { title: 'Korea', summary: 'China' }, false],
    ['title:PAIR', { title: 'Korea and China', summary: 'Japan, Korea and others' }, true],
    ['PAIR', { title: 'Korea and China', summary: 'Japan, Korea and others' }, false],
    // A defined name pairs occurrences in NEAR as a group does.
    ['SIDES_CLOSE NEAR/3 TALKS', { title: 'Korea and China hold talks' }, true],
    ['SIDES_CLOSE NEAR/3 TALKS', { title: 'Korea and China', summary: 'talks' }, false],
    ['ATLEAST/2 (PAIR OR JAPAN OR TALKS)', { title: 'Korea, China talks' }, true],
  ])('%s on %j → %s', (when, input, expected) => {
    expect(keep(when, input, `${GROUPS}${DEFINE}`)).toBe(expected);
  });

  it('decides as the expression written out does, and explains by the groups inside', () => {
    const input = { title: 'Korea and China hold talks', summary: '' };
    const defined = compileRules(`${GROUPS}${DEFINE}rules:\n  - name: r\n    when: title:PAIR AND TALKS\n`, 'test.yml').classify(input);
    const written = compileRules(
      `${GROUPS}rules:\n  - name: r\n    when: title:(KOREA AND CHINA AND NOT (KOREA BEFORE/2 "and others")) AND TALKS\n`,
      'test.yml',
    ).classify(input);
    expect(defined).toEqual(written);
    expect(defined.matches.map((m) => m.group)).toEqual(expect.arrayContaining(['KOREA', 'CHINA', 'TALKS']));
  });
});

describe('weights, threshold and drop', () => {
  const file = `${GROUPS}threshold: 3
rules:
  - name: pair-in-title
    when: title:KOREA AND title:CHINA
    weight: 2
  - name: talks
    when: TALKS
    weight: 1
  - name: japan
    when: JAPAN
    weight: -1
  - name: sports
    when: '"World Cup"'
    drop: true
`;
  const rules = compileRules(file, 'test.yml');

  it.each([
    ['a title pair alone is below the threshold', { title: 'Korea and China' }, false, 2],
    ['a title pair and talks reach it', { title: 'Korea and China hold talks' }, true, 3],
    ['a passing mention scores less than the title', { title: 'Talks', summary: 'Korea and China' }, false, 1],
    ['negative weights subtract', { title: 'Korea, China, Japan hold talks' }, false, 2],
    ['drop wins over any score', { title: 'Korea and China talks on the World Cup' }, false, 3],
  ])('%s', (_name, input, kept, score) => {
    // Act
    const decision = rules.classify({ summary: '', ...input });
    // Assess
    expect(decision.kept).toBe(kept);
    expect(decision.score).toBe(score);
  });

  it('names the drop rule as the decider', () => {
    // Act
    const decision = rules.classify({ title: 'Korea China World Cup talks', summary: '' });
    // Assess
    expect(decision.rule).toBe('sports');
    expect(decision.reason).toMatch(/^dropped by rule sports/);
  });

  it('defaults a weight to the threshold, so one rule can keep', () => {
    // Prepare
    const single = compileRules(`${GROUPS}threshold: 5\nrules:\n  - name: any\n    when: KOREA\n`, 'test.yml');
    // Act
    const decision = single.classify({ title: 'Korea', summary: '' });
    // Assess
    expect(decision).toMatchObject({ kept: true, score: 5 });
  });
});
