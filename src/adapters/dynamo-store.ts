/**
 * DynamoDB implementations of StoryStore and SourceStore over the single table in infra/table.yml.
 *
 * Items keep their keys as top-level attributes and the rest of the record as one JSON string (`data`):
 * the record is always read whole, never filtered on inside DynamoDB, and this keeps the adapter free of
 * attribute-by-attribute marshalling. Writes of new stories are conditional (`attribute_not_exists(pk)`), so a
 * retried poll or an unchanged feed writes nothing new; ConditionalCheckFailed becomes the domain outcome
 * 'duplicate' (cf. Powertools' idempotency persistence layer).
 *
 * A poll's new stories are created together, one TransactWriteItems per ≤ 100 (and ≤ TX_MAX_BYTES): one round trip
 * instead of one per story (a poll's cold start pays each). A transaction is all or nothing, and a story's outcome
 * must stay its own, so when one is cancelled its reasons decide: the stories found stored are duplicates and
 * the rest are sent together again; any other reason (a refused item, a conflict, throttling), or a refusal of the
 * whole request (ValidationException: an item too big), and each remaining story is written on its own
 * (PutItem), as if there were no transactions. A transactional write costs twice the write units of a PutItem.
 */
import {
  BatchGetItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { settleAll } from '../core/settle-all';
import { timelineKey, type StoredStory } from '../core/story';
import type { ExistingStory, FeedVersion, PutOutcome, SourceState, SourceStore, StoryStore } from '../ports';

export const TIMELINE = 'FEED#main';
const TIME_INDEX = 'byTime';
const VERSION_ITEM: Item = { pk: { S: TIMELINE }, sk: { S: 'META' } };

export class StoreError extends Error {
  override name = 'StoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

type Item = Record<string, AttributeValue>;

function storyItem(story: StoredStory, expiresAt: number): Item {
  const item: Item = {
    pk: { S: `STORY#${story.id}` },
    sk: { S: 'STORY' },
    kept: { BOOL: story.decision.kept },
    firstSeen: { S: story.firstSeen },
    expiresAt: { N: String(expiresAt) },
    data: { S: JSON.stringify(story) },
  };
  // Only kept cluster representatives are on the published timeline.
  if (story.decision.kept && (story.clusterId === undefined || story.clusterId === story.id)) {
    item.gsi1pk = { S: TIMELINE };
    item.gsi1sk = { S: timelineKey(story) };
  }
  return item;
}

/** DynamoDB's "the condition expression was false". */
function isConditionalCheckFailure(err: unknown): boolean {
  return (err as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';
}

/** Most stories one transaction creates: DynamoDB takes 100 actions and 4 MB of items in one TransactWriteItems. */
const TX_MAX_ITEMS = 100;
const TX_MAX_BYTES = 3_500_000;
/** PutItems in flight at once when a transaction's stories are written one by one. */
const FALLBACK_CONCURRENCY = 8;

/** An item's size as DynamoDB counts it, closely enough to keep a transaction under its 4 MB (attribute names and values). */
function itemBytes(item: Item): number {
  let n = 0;
  for (const [k, v] of Object.entries(item)) n += k.length + (v.S !== undefined ? Buffer.byteLength(v.S) : v.N !== undefined ? v.N.length : 1);
  return n;
}

const created: PromiseSettledResult<PutOutcome> = { status: 'fulfilled', value: 'created' };
const duplicate: PromiseSettledResult<PutOutcome> = { status: 'fulfilled', value: 'duplicate' };

function versionOf(item: Item | undefined): FeedVersion {
  const v: FeedVersion = { version: Number(item?.version?.N ?? 0), updatedAt: item?.updatedAt?.S };
  if (item?.newestKey?.S) v.newestKey = item.newestKey.S;
  return v;
}

const storyOf = (item: Item): StoredStory => fromItem<StoredStory>(item)!;

function fromItem<T>(item: Item | undefined): T | undefined {
  const s = item?.data?.S;
  return s === undefined ? undefined : (JSON.parse(s) as T);
}

export class DynamoStoryStore implements StoryStore {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly table: string,
  ) {}

  async putStory(story: StoredStory, expiresAt: number): Promise<PutOutcome> {
    try {
      await this.db.send(new PutItemCommand({
        TableName: this.table,
        Item: storyItem(story, expiresAt),
        ConditionExpression: 'attribute_not_exists(pk)',
      }));
      return 'created';
    } catch (err) {
      if (isConditionalCheckFailure(err)) return 'duplicate';
      throw new StoreError(`store: cannot write story ${story.id}: ${(err as Error).message}`, { cause: err });
    }
  }

  async putStories(stories: ReadonlyArray<{ story: StoredStory; expiresAt: number }>): Promise<Array<PromiseSettledResult<PutOutcome>>> {
    const out = new Array<PromiseSettledResult<PutOutcome>>(stories.length);
    const items = stories.map(({ story, expiresAt }) => storyItem(story, expiresAt));
    for (let start = 0; start < items.length; ) {
      let end = start;
      for (let bytes = 0; end < items.length && end - start < TX_MAX_ITEMS; end++) {
        bytes += itemBytes(items[end]!);
        if (bytes > TX_MAX_BYTES && end > start) break;
      }
      await this.createTogether(stories, items, Array.from({ length: end - start }, (_, i) => start + i), out);
      start = end;
    }
    return out;
  }

  /** Creates the stories at `indexes` in one transaction where it can (see the header); fills in their outcomes. */
  private async createTogether(
    stories: ReadonlyArray<{ story: StoredStory; expiresAt: number }>,
    items: Item[],
    indexes: number[],
    out: Array<PromiseSettledResult<PutOutcome>>,
  ): Promise<void> {
    let pending = indexes;
    // A transaction cancelled only by stories stored meanwhile is sent again without them, a few times at most.
    for (let attempt = 0; pending.length > 1 && attempt < 3; attempt++) {
      try {
        await this.db.send(new TransactWriteItemsCommand({
          TransactItems: pending.map((i) => ({ Put: { TableName: this.table, Item: items[i]!, ConditionExpression: 'attribute_not_exists(pk)' } })),
        }));
        for (const i of pending) out[i] = created;
        return;
      } catch (err) {
        const name = (err as Error).name;
        const reasons = (err as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
        if (name === 'TransactionCanceledException' && reasons?.length === pending.length) {
          const again: number[] = [];
          let otherReason = false;
          pending.forEach((i, n) => {
            const code = reasons[n]?.Code;
            if (code === 'ConditionalCheckFailed') out[i] = duplicate;
            else {
              again.push(i);
              if (code && code !== 'None') otherReason = true;
            }
          });
          pending = again;
          if (!otherReason) continue;
        } else if (name !== 'TransactionCanceledException' && name !== 'ValidationException') {
          // Not about the items (the network, throttling beyond the SDK's retries): each story's write failed.
          const error = new StoreError(`store: cannot write ${pending.length} stories: ${(err as Error).message}`, { cause: err });
          for (const i of pending) out[i] = { status: 'rejected', reason: error };
          return;
        }
        break;
      }
    }
    // Each on its own (FALLBACK_CONCURRENCY at a time): a refused story costs only itself.
    const single = await settleAll(pending, FALLBACK_CONCURRENCY, (i) => this.putStory(stories[i]!.story, stories[i]!.expiresAt));
    pending.forEach((i, n) => (out[i] = single[n]!));
  }

  async getStory(id: string): Promise<StoredStory | undefined> {
    // Strongly consistent: read again after a lost conditional write, it must see the write that won (an eventually
    // consistent read may return the revision that just failed, and the retry would lose again).
    const r = await this.db.send(new GetItemCommand({ TableName: this.table, Key: { pk: { S: `STORY#${id}` }, sk: { S: 'STORY' } }, ConsistentRead: true }));
    return fromItem<StoredStory>(r.Item);
  }

  async existing(ids: string[]): Promise<Map<string, ExistingStory>> {
    const found = new Map<string, ExistingStory>();
    const unique = [...new Set(ids)];
    // BatchGetItem takes at most 100 keys.
    for (let i = 0; i < unique.length; i += 100) {
      const keys = unique.slice(i, i + 100).map((id) => ({ pk: { S: `STORY#${id}` }, sk: { S: 'STORY' } }));
      for (const item of await batchGet(this.db, this.table, keys, { ProjectionExpression: 'pk, firstSeen, kept' })) {
        found.set(item.pk!.S!.slice('STORY#'.length), { firstSeen: item.firstSeen?.S ?? '', kept: item.kept?.BOOL ?? false });
      }
    }
    return found;
  }

  async updateStory(story: StoredStory, expiresAt: number, expectedRev?: number): Promise<boolean> {
    // The new revision is derived from the expected one when given; otherwise (admin rewrites such as
    // `rules apply`, run while nothing else writes) from the record passed in.
    const rev = (expectedRev ?? story.rev ?? 0) + 1;
    const item = storyItem({ ...story, rev }, expiresAt);
    item.rev = { N: String(rev) };
    try {
      await this.db.send(new PutItemCommand({
        TableName: this.table,
        Item: item,
        ...(expectedRev === undefined
          ? {}
          : expectedRev === 0
            ? { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(rev)' }
            : { ConditionExpression: 'rev = :r', ExpressionAttributeValues: { ':r': { N: String(expectedRev) } } }),
      }));
      return true;
    } catch (err) {
      if (isConditionalCheckFailure(err)) return false;
      throw new StoreError(`store: cannot update story ${story.id}: ${(err as Error).message}`, { cause: err });
    }
  }

  async latest(limit: number, before?: string): Promise<StoredStory[]> {
    return (await (before === undefined ? this.timeline(undefined, {}, false, limit) : this.timeline('gsi1sk < :a', { ':a': before }, false, limit))).map(storyOf);
  }

  async after(from: string, limit: number): Promise<StoredStory[]> {
    return (await this.timeline('gsi1sk >= :a', { ':a': from }, true, limit)).map(storyOf);
  }

  async recent(sinceIso: string, limit: number): Promise<StoredStory[]> {
    return (await this.timeline('gsi1sk >= :a', { ':a': sinceIso }, false, limit)).map(storyOf);
  }

  /** Items of the timeline partition of the index, in key order or newest first, with a sort-key condition. */
  private timeline(sortKey: string | undefined, values: Record<string, string>, ascending: boolean, limit: number): Promise<Item[]> {
    return queryItems(this.db, {
      TableName: this.table,
      IndexName: TIME_INDEX,
      KeyConditionExpression: sortKey ? `gsi1pk = :p AND ${sortKey}` : 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': { S: TIMELINE }, ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { S: v }])) },
      ScanIndexForward: ascending,
    }, limit);
  }

  async *all(): AsyncIterable<StoredStory> {
    let start: Item | undefined;
    do {
      const r = await this.db.send(new ScanCommand({
        TableName: this.table,
        FilterExpression: 'sk = :s',
        ExpressionAttributeValues: { ':s': { S: 'STORY' } },
        ExclusiveStartKey: start,
      }));
      for (const i of r.Items ?? []) yield fromItem<StoredStory>(i)!;
      start = r.LastEvaluatedKey;
    } while (start);
  }

  async feedVersion(): Promise<FeedVersion> {
    const r = await this.db.send(new GetItemCommand({ TableName: this.table, Key: VERSION_ITEM, ConsistentRead: true }));
    return versionOf(r.Item);
  }

  async bumpFeedVersion(updatedAt: string, newestKey?: string): Promise<FeedVersion> {
    const r = await this.db.send(new UpdateItemCommand({
      TableName: this.table,
      Key: VERSION_ITEM,
      // REMOVE gsi1pk, gsi1sk: takes the item off the timeline index where an earlier release kept it.
      UpdateExpression: `ADD version :one SET updatedAt = :u${newestKey ? ', newestKey = :n' : ''} REMOVE gsi1pk, gsi1sk${newestKey ? '' : ', newestKey'}`,
      ExpressionAttributeValues: { ':one': { N: '1' }, ':u': { S: updatedAt }, ...(newestKey ? { ':n': { S: newestKey } } : {}) },
      ReturnValues: 'ALL_NEW',
    }));
    return versionOf(r.Attributes);
  }
}

export class DynamoSourceStore implements SourceStore {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly table: string,
  ) {}

  async get(sourceId: string): Promise<SourceState | undefined> {
    const r = await this.db.send(new GetItemCommand({
      TableName: this.table,
      Key: { pk: { S: `SOURCE#${sourceId}` }, sk: { S: 'STATE' } },
      ConsistentRead: true,
    }));
    return fromItem<SourceState>(r.Item);
  }

  async put(state: SourceState): Promise<void> {
    await this.db.send(new PutItemCommand({
      TableName: this.table,
      Item: {
        pk: { S: `SOURCE#${state.sourceId}` },
        sk: { S: 'STATE' },
        gsi1pk: { S: 'SOURCES' },
        gsi1sk: { S: state.sourceId },
        data: { S: JSON.stringify(state) },
      },
    }));
  }

  async list(): Promise<SourceState[]> {
    return queryAll<SourceState>(this.db, {
      TableName: this.table,
      IndexName: TIME_INDEX,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': { S: 'SOURCES' } },
    });
  }
}

/** Every item a Query matches (following LastEvaluatedKey), up to `limit`, decoded from `data`. */
async function queryAll<T>(db: DynamoDBClient, input: QueryCommandInput, limit = Infinity): Promise<T[]> {
  return (await queryItems(db, input, limit)).map((i) => fromItem<T>(i)!);
}

/** The items of these keys (≤ 100) that exist; keys left unprocessed (throttling) are retried with backoff. */
async function batchGet(db: DynamoDBClient, table: string, keys: Item[], options: { ProjectionExpression?: string; ConsistentRead?: boolean }): Promise<Item[]> {
  const found: Item[] = [];
  let pending: Item[] | undefined = keys;
  for (let attempt = 0; pending?.length; attempt++) {
    if (attempt > 9) throw new StoreError(`store: ${pending.length} keys still unprocessed after retries`);
    if (attempt > 0) await sleep(Math.min(1000, 50 * 2 ** attempt));
    const r = await db.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: pending, ...options } } }));
    found.push(...(r.Responses?.[table] ?? []));
    pending = r.UnprocessedKeys?.[table]?.Keys as Item[] | undefined;
  }
  return found;
}

/** Every item a Query matches (following LastEvaluatedKey), up to `limit`, as stored. */
async function queryItems(db: DynamoDBClient, input: QueryCommandInput, limit = Infinity): Promise<Item[]> {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const r = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start, ...(limit < Infinity ? { Limit: Math.min(limit - out.length, 500) } : {}) }));
    out.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start && out.length < limit);
  return out;
}
