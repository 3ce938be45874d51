/**
 * Human-readable explanations of a Decision, for `wiresieve preview` and logs: the verdict line, then one line
 * per rule that fired with the terms it matched, their group, field and offsets.
 */
import type { Decision, MatchEvidence } from '../story';

export function explain(decision: Decision): string {
  const lines = [decision.reason];
  if (decision.topics.length) lines.push(`  topics: ${decision.topics.join(', ')}`);
  const byRule = new Map<string, MatchEvidence[]>();
  for (const m of decision.matches) {
    const list = byRule.get(m.rule) ?? [];
    list.push(m);
    byRule.set(m.rule, list);
  }
  for (const [rule, list] of byRule) {
    const terms = list.map(
      (m) => `"${m.text}" (${m.group ? `${m.group} ` : ''}${m.term === m.text ? '' : `${m.term} `}${m.field} ${m.start}–${m.end})`,
    );
    lines.push(`  ${rule}: ${terms.join(', ')}`);
  }
  return lines.join('\n');
}
