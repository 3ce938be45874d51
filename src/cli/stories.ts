/**
 * `wiresieve stories export [--since 7d] [--dropped] [--data DIR]`: stored stories as labeled JSONL on stdout
 * (progress on stderr), for correcting a few labels and feeding the file to `rules check` and `rules tune`.
 */
import { parseDuration } from '../core/duration';
import { openStore, selectForExport, toLabeledItem } from '../services/local';
import { UsageError, type CliValues } from './args';

export async function storiesExportCommand(v: CliValues, now = new Date()): Promise<number> {
  let sinceIso: string | undefined;
  if (v.since !== undefined) {
    const ms = parseDuration(v.since);
    if (ms === undefined) throw new UsageError(`--since expects a duration such as 7d, 12h or 90m, found "${v.since}"`);
    sinceIso = new Date(now.getTime() - ms).toISOString();
  }
  const store = await openStore(v.data, (l) => console.error(l));
  let kept = 0;
  let dropped = 0;
  try {
    const exportedAt = now.toISOString();
    for await (const story of store.stories.all()) {
      if (!selectForExport(story, { sinceIso, droppedOnly: v.dropped })) continue;
      process.stdout.write(`${JSON.stringify(toLabeledItem(story, exportedAt))}\n`);
      if (story.decision.kept) kept++;
      else dropped++;
    }
  } finally {
    await store.close();
  }
  console.error(`wiresieve: exported ${kept + dropped} stories (${kept} kept, ${dropped} dropped)${sinceIso ? ` first seen since ${sinceIso}` : ''}`);
  return 0;
}
