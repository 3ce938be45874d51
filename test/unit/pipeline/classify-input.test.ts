/**
 * What the rules see of a story: the headline without an aggregator's outlet suffix, the summary and the lead
 * of the content — not the paragraphs below it, where a long piece on anything Korean names China somewhere.
 * The texts are written for this test.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEAD_MAX } from '../../../src/core/article';
import { SUMMARY_MAX } from '../../../src/core/normalize';
import { compileRules } from '../../../src/core/rules/index';
import { classifyInput } from '../../../src/pipeline/classify-input';
import { toLabeledItem } from '../../../src/pipeline/export-stories';
import { storedStory } from '../../helpers/stories';

const rules = compileRules(readFileSync(new URL('../../../config/rules.yml', import.meta.url), 'utf8'), 'config/rules.yml');

const filler = (n: number): string =>
  Array.from({ length: n }, (_, i) => `<p>Paragraph ${i + 1} goes through the defence budget line by line, from shipbuilding to reserve training and the pay of conscripts.</p>`).join('');

/** An analysis of Seoul's defence budget whose eighth paragraph mentions Beijing, as most long pieces do. */
const budgetPiece = storedStory({
  id: 'budget',
  title: 'Inside South Korea’s record defence budget',
  summary: 'The National Assembly passed a 61 trillion won defence budget on Tuesday.',
  content:
    '<p>The National Assembly passed a 61 trillion won defence budget on Tuesday, the largest in the country’s history.</p>' +
    filler(7) +
    '<p>Seoul says the spending is not aimed at Beijing, though South Korea and China have sparred over the Yellow Sea, and Chinese diplomats have voiced concern.</p>',
});

/** The same length of article, with the relationship in its lead. */
const talksPiece = storedStory({
  id: 'talks',
  title: 'Seoul and Beijing open maritime talks',
  summary: '',
  content:
    '<p>South Korean and Chinese officials opened talks in Qingdao on Tuesday on the steel structures China placed in the Yellow Sea, the foreign ministry in Seoul said.</p>' +
    filler(8),
});

describe('classifyInput: a full article is read to its lead', () => {
  it('gives the rules the lead of the content, not the paragraphs below it', () => {
    const input = classifyInput(budgetPiece);
    expect(input.content!.length).toBeLessThanOrEqual(LEAD_MAX);
    expect(input.content).toMatch(/^The National Assembly passed/);
    expect(input.content).not.toContain('Beijing');
  });

  it('does not keep a long piece for a mention deep in it, and keeps one whose lead is the relationship', () => {
    const deep = rules.classify(classifyInput(budgetPiece));
    expect(deep.kept, deep.reason).toBe(false);
    // The whole article, as the rules read it before: its eighth paragraph alone gives two signs.
    const whole = rules.classify({ ...classifyInput(budgetPiece), content: budgetPiece.content!.replace(/<[^>]+>/g, ' ') });
    expect(whole.kept, whole.reason).toBe(true);

    const lead = rules.classify(classifyInput(talksPiece));
    expect(lead.kept, lead.reason).toBe(true);
    expect(lead.matches.some((m) => m.field === 'content')).toBe(true);
  });

  it('reads a summary that holds the whole story (a full-text <description>) to its lead too', () => {
    // As parse stores it: plain text, at most SUMMARY_MAX characters.
    const plain = (html: string): string => html.replace(/<\/p><p>/g, ' ').replace(/<[^>]+>/g, '');
    const paragraphs = (html: string): string[] => plain(html.replace(/<\/p><p>/g, '</p>\n<p>')).split('\n');
    const budget = paragraphs(budgetPiece.content!);
    const inDescription = storedStory({ id: 'budget-desc', title: budgetPiece.title, summary: [...budget.slice(0, 4), budget.at(-1)].join(' ') });
    expect(inDescription.summary.length).toBeLessThanOrEqual(SUMMARY_MAX);
    expect(inDescription.summary.length).toBeGreaterThan(LEAD_MAX);
    const input = classifyInput(inDescription);
    expect(input.summary.length).toBeLessThanOrEqual(LEAD_MAX);
    expect(input.summary).toMatch(/^The National Assembly passed .*\.$/);
    const deep = rules.classify(input);
    expect(deep.kept, deep.reason).toBe(false);
    // Read whole, the same description is kept for its last sentences.
    expect(rules.classify({ ...input, summary: inDescription.summary }).kept).toBe(true);

    const lead = rules.classify(classifyInput(storedStory({ id: 'talks-desc', title: talksPiece.title, summary: paragraphs(talksPiece.content!).slice(0, 5).join(' ') })));
    expect(lead.kept, lead.reason).toBe(true);
  });

  it('leaves the content out when the summary already holds it, and exports what the rules read', () => {
    const same = storedStory({ id: 'same', summary: 'Seoul and Beijing open maritime talks in Qingdao.', content: '<p>Seoul and Beijing open maritime talks in Qingdao.</p>' });
    expect(classifyInput(same).content).toBeUndefined();
    expect(toLabeledItem(budgetPiece, '2026-12-01T00:00:00.000Z').content).toBe(classifyInput(budgetPiece).content);
  });
});

describe('classifyInput: the headline without the outlet an aggregator appends', () => {
  const google = (title: string, outlet: string) => storedStory({ id: title, title, summary: '', outlet, source: { id: 'gn', name: 'Xinhua English (via Google News)', url: 'https://news.google.com/rss/search?q=site:english.news.cn+Korea' } });

  it('does not read " - Xinhua" as China in every headline of a Google News feed', () => {
    const story = google('South Korea’s exports rise for fifth month on chip demand - Xinhua', 'Xinhua');
    expect(classifyInput(story).title).toBe('South Korea’s exports rise for fifth month on chip demand');
    const decision = rules.classify(classifyInput(story));
    expect(decision.kept, decision.reason).toBe(false);
    expect(decision.matches.some((m) => m.text === 'xinhua')).toBe(false);
    // The same headline with the suffix read as text: Xinhua is China, exports a relation word.
    expect(rules.classify({ ...classifyInput(story), title: story.title }).kept).toBe(true);
  });

  it('keeps a story about the two read without the suffix, and cuts only a suffix that names an outlet', () => {
    const talks = google('South Korea, China agree to resume fisheries talks - Korea JoongAng Daily', 'Korea JoongAng Daily');
    expect(classifyInput(talks).title).toBe('South Korea, China agree to resume fisheries talks');
    expect(rules.classify(classifyInput(talks)).kept).toBe(true);
    const dash = storedStory({ id: 'dash', title: 'Seoul and Beijing - a new chapter', summary: '' });
    expect(classifyInput(dash).title).toBe('Seoul and Beijing - a new chapter');
  });

  it('reads a summary that is only the headline again (Google News’s description) as none, and exports what it read', () => {
    const story = { ...google('Chinese, South Korean firms vie for Saudi solar deals - Global Times', 'Global Times'), summary: 'Chinese, South Korean firms vie for Saudi solar deals - Global Times Global Times' };
    const input = classifyInput(story);
    expect(input.summary).toBe('');
    // One headline, one pair of sides: not two signs because the description repeats it. Read as text, the
    // repeated description adds the lead's pair as a second sign.
    const once = rules.classify(input);
    const twice = rules.classify({ ...input, summary: story.summary });
    expect(once.kept).toBe(false);
    expect(twice.reason).toContain('sides-close-in-text');
    expect(once.reason).not.toContain('sides-close-in-text');
    expect(twice.score).toBeGreaterThan(once.score + 1);
    const line = toLabeledItem(story, '2026-12-01T00:00:00.000Z');
    expect([line.title, line.summary]).toEqual([input.title, '']);
  });
});
