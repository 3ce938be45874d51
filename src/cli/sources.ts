/** `wiresieve sources [--json]`: the health of every configured source, from the stored state. */
import { loadSourcesFile } from '../config';
import { openStore, sourcesHealth } from '../services/local';
import type { CliValues } from './args';

export async function sourcesCommand(v: CliValues): Promise<number> {
  const file = loadSourcesFile(v.sources);
  const store = await openStore(v.data, (l) => (v.json ? undefined : console.log(l)));
  try {
    const report = sourcesHealth(file.sources, await store.sources.list(), new Date());
    if (v.json) {
      console.log(JSON.stringify(report, null, 2));
      return 0;
    }
    const s = report.summary;
    console.log(`${s.total} sources: ${s.ok} ok, ${s.failing} failing, ${s.pending} never polled, ${s.disabled} disabled, ${s.gone} gone\n`);
    for (const h of report.sources) {
      console.log(`${h.status.padEnd(8)} ${h.name}  <${h.url}>${h.effectiveUrl ? ` → moved to <${h.effectiveUrl}>` : ''}`);
      if (h.goneAt) console.log(`         gone since ${h.goneAt} (HTTP 410): no longer polled; change its url or remove it`);
      const facts = [
        `last success ${h.lastSuccessAt ?? 'never'}`,
        `failures in a row ${h.consecutiveFailures}`,
        `next attempt ${h.nextFetchAt ?? 'now'}`,
        `items seen ${h.itemsSeen}`,
        `kept ${h.itemsKept}`,
      ];
      console.log(`         ${facts.join(' · ')}`);
      if (h.lastError) console.log(`         last error (${h.lastErrorAt}): ${h.lastError}`);
      if (h.lastWarning) console.log(`         last warning (${h.lastWarningAt}): ${h.lastWarning}`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
