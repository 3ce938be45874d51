/**
 * The compiled form of the rules (shipped in the poll package as config/.compiled/rules.json) decides as the
 * rule file compiled at start does: same decisions, explanations and topics on the fixture stories, and a
 * stale or missing snapshot falls back to compiling the file.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileRules, compileRulesProgram, rulesFromProgram } from '../../../src/core/rules';
import { parseFeed } from '../../../src/core/parse';
import { classifyInput } from '../../../src/pipeline/classify-input';
import { compiledRulesFile, loadRulesCompiled, writeCompiledRules } from '../../../src/services/config-files';
import { ITEMS } from '../../fixtures/dedupe/corpus';

const ROOT = join(import.meta.dirname, '../../..');
const RULES = join(ROOT, 'config/rules.yml');

function inputs() {
  const out: ReturnType<typeof classifyInput>[] = ITEMS.map((i) => ({ title: i.title, summary: i.summary, source: i.source.name, language: i.lang }));
  const dir = join(ROOT, 'test/fixtures/e2e');
  for (const name of readdirSync(dir)) {
    const feed = parseFeed(readFileSync(join(dir, name)), undefined, { source: { id: 's', name: 'Wire', url: 'https://x.example/' }, now: new Date(0) });
    out.push(...feed.stories.map((s) => classifyInput(s)));
  }
  return out;
}

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('compiled rules', () => {
  it('decide every fixture story as the compiled rule file does', () => {
    const text = readFileSync(RULES, 'utf8');
    const direct = compileRules(text, RULES);
    const revived = rulesFromProgram(JSON.parse(JSON.stringify(compileRulesProgram(text, RULES))));
    const items = inputs();
    expect(items.length).toBeGreaterThan(20);
    expect(items.some((i) => direct.classify(i).kept)).toBe(true);
    for (const item of items) expect(revived.classify(item)).toEqual(direct.classify(item));
    expect(revived.topics).toEqual(direct.topics);
    expect(revived.warnings).toEqual(direct.warnings);
    expect(revived.threshold).toBe(direct.threshold);
  });

  it('are used when current and ignored when the rule file changed since', () => {
    dir = mkdtempSync(join(tmpdir(), 'ws-rules-'));
    const rules = join(dir, 'rules.yml');
    copyFileSync(RULES, rules);
    writeCompiledRules(rules);
    const item = inputs()[0]!;
    expect(loadRulesCompiled(rules).classify(item)).toEqual(compileRules(readFileSync(RULES, 'utf8'), RULES).classify(item));
    // A snapshot that says something else is only believed while its digest matches the file.
    const snap = JSON.parse(readFileSync(compiledRulesFile(rules), 'utf8'));
    snap.program.threshold = 1e9;
    writeFileSync(compiledRulesFile(rules), JSON.stringify(snap));
    expect(loadRulesCompiled(rules).threshold).toBe(1e9);
    writeFileSync(rules, `${readFileSync(rules, 'utf8')}\n# edited\n`);
    expect(loadRulesCompiled(rules).threshold).toBe(compileRules(readFileSync(RULES, 'utf8'), RULES).threshold);
    rmSync(compiledRulesFile(rules));
    expect(loadRulesCompiled(rules).threshold).toBe(compileRules(readFileSync(RULES, 'utf8'), RULES).threshold);
  });
});
