/**
 * `wiresieve poll --once`: poll every enabled source once, print one line per source, join copies of one story
 * from several outlets (what publish does before it renders; pipeline/settle-clusters.ts), exit.
 */
import { loadConfig } from '../services/config-files';
import { settleRecent } from '../pipeline/settle-clusters';
import { createPoller } from '../services/poller';
import { consoleLogger, openStore } from '../services/local';
import type { CliValues } from './args';
import { progressLine, summaryLine } from './progress';

export async function pollCommand(v: CliValues): Promise<number> {
  const config = loadConfig({ sourcesFile: v.sources, rulesFile: v.rules });
  const store = await openStore(v.data, (l) => console.log(l));
  try {
    const poller = createPoller({
      stores: store, sources: config.sources.sources, classifier: config.rules,
      allowPrivateHosts: v['allow-private-hosts'], logger: consoleLogger(v.verbose), concurrency: Number(v.concurrency) || 4,
    });
    const results = await poller.pollMany(config.sources.sources.filter((s) => s.enabled), (r) => console.log(progressLine(r)));
    const { joined } = await settleRecent(store.stories, new Date());
    console.log(summaryLine(results, joined));
    // A failing source is that source's problem, reported above; the run itself succeeded.
    return 0;
  } finally {
    await store.close();
  }
}
