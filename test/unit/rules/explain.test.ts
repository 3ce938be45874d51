/** Every decision says why: the rule, the terms, their group, field and offsets in the normalized text. */
import { describe, expect, it } from 'vitest';
import { compileRules, explain, normalizeText } from '../../../src/core/rules/index';

const FILE = `threshold: 2
groups:
  KOREA: [South Korea, 한국, 韩国]
  CHINA: [China, 中国, 중국]
  TALKS: [talks]
rules:
  - name: pair
    when: KOREA AND CHINA
    weight: 2
  - name: talks
    when: TALKS
    weight: 1
topics:
  diplomacy: TALKS
  china: CHINA
`;

describe('explanations', () => {
  const rules = compileRules(FILE, 'test.yml');

  it('records rule, group, term, field and offsets of every match', () => {
    // Prepare
    const input = { title: 'China, South Korea hold talks', summary: 'Officials from China met.' };
    // Act
    const decision = rules.classify(input);
    // Assess
    expect(decision).toMatchObject({ kept: true, score: 3, rule: 'pair', topics: ['diplomacy', 'china'] });
    expect(decision.matches).toEqual([
      { rule: 'pair', group: 'KOREA', term: 'South Korea', field: 'title', start: 7, end: 18, text: 'south korea' },
      { rule: 'pair', group: 'CHINA', term: 'China', field: 'title', start: 0, end: 5, text: 'china' },
      { rule: 'pair', group: 'CHINA', term: 'China', field: 'summary', start: 15, end: 20, text: 'china' },
      { rule: 'talks', group: 'TALKS', term: 'talks', field: 'title', start: 24, end: 29, text: 'talks' },
    ]);
  });

  it.each([
    ['Latin with possessive', "China's envoy met South Korea", 'china', "china's"],
    ['Traditional Chinese', '韓國與中國', '中国', '中国'],
    ['full-width', 'ＣＨＩＮＡ and South Korea', 'china', 'china'],
    ['Korean particle', '중국과 한국', '중국', '중국'],
  ])('offsets index the normalized text (%s)', (_name, title, term, text) => {
    // Act
    const decision = rules.classify({ title, summary: '' });
    const m = decision.matches.find((x) => x.group === 'CHINA');
    // Assess
    expect(m).toBeDefined();
    expect(m!.text).toBe(text);
    expect(normalizeText(title).slice(m!.start, m!.end)).toBe(text);
    expect(normalizeText(m!.term)).toBe(term);
  });

  it('explains a kept decision in a few lines', () => {
    // Act
    const text = explain(rules.classify({ title: 'China, South Korea hold talks', summary: '' }));
    // Assess
    expect(text.split('\n')).toEqual([
      'kept: score 3 ≥ 2 — pair +2 (title: south korea, title: china); talks +1 (title: talks)',
      '  topics: diplomacy, china',
      '  pair: "south korea" (KOREA South Korea title 7–18), "china" (CHINA China title 0–5)',
      '  talks: "talks" (TALKS title 24–29)',
    ]);
  });

  it.each([
    ['nothing matched', { title: 'Weather', summary: '' }, 'dropped: no rule matched'],
    ['below the threshold', { title: 'Talks', summary: '' }, 'dropped: score 1 < 2 — talks +1 (title: talks)'],
  ])('explains a drop: %s', (_name, input, reason) => {
    // Act
    const decision = rules.classify(input);
    // Assess
    expect(decision.kept).toBe(false);
    expect(decision.reason).toBe(reason);
    expect(decision.topics).toEqual([]);
  });

  it('lists the topics the rules define', () => {
    // Assess
    expect(rules.topics).toEqual(['diplomacy', 'china']);
  });

  it('strips markup from content before matching', () => {
    // Act
    const decision = rules.classify({ title: '', summary: '', content: '<p>China &amp; <b>South&nbsp;Korea</b></p>' });
    // Assess
    expect(decision.kept).toBe(true);
    expect(decision.matches.map((m) => `${m.field}:${m.text}`)).toEqual(['content:south korea', 'content:china']);
  });
});

describe('a term written in two groups that a third takes', () => {
  // 대통령실 names Seoul's side on its own (SOUTH_KOREA) and as the implied side (KOREA_IMPLIED); KOREA takes both.
  const rules = compileRules(
    `threshold: 1
groups:
  SOUTH_KOREA: [대통령실, 한국]
  KOREA_IMPLIED: [대통령실, 정부]
  KOREA: [$SOUTH_KOREA, $KOREA_IMPLIED]
  CHINA: [中, 중국]
rules:
  - name: pair
    when: KOREA AND CHINA
    weight: 1
`,
    'twice.yml',
  );

  it('is one match per field in the explanation, not one per group it is written in', () => {
    // Act
    const decision = rules.classify({ title: '대통령실 "中과 소통"', summary: '대통령실은 중국 측과 소통했다.' });
    // Assess
    expect(decision.kept).toBe(true);
    expect(decision.matches.map((m) => `${m.group}:${m.field}:${m.text}:${m.start}`)).toEqual([
      'KOREA:title:대통령실:0',
      'KOREA:summary:대통령실:0',
      'CHINA:title:中:6',
      'CHINA:summary:중국:6',
    ]);
    expect(decision.reason).toBe('kept: score 1 ≥ 1 — pair +1 (title: 대통령실, title: 中, summary: 중국)');
  });
});
