/**
 * DynamoDB implementations of StoryStore and SourceStore over the single table in infra/table.yml.
 *
 * Items keep their keys as top-level attributes and the rest of the record as one JSON string (`data`):
 * the record is always read whole, never filtered on inside DynamoDB, and this keeps the adapter free of
 * attribute-by-attribute marshalling. Writes of new stories are conditional (`attribute_not_exists(pk)`), so a
 * retried poll or an unchanged feed writes nothing new; ConditionalCheckFailed becomes the domain outcome
 * 'duplicate' (cf. Powertools' idempotency persistence layer).
 */
import type { AttributeValue, QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { timelineKey, type StoredStory } from '../core/story';
import { isConditionalCheckFailure, type DynamoApi } from './dynamo-api';
import type { ExistingStory, FeedVersion, PutOutcome, RenderingStore, SharedRendering, SourceState, SourceStore, StoryStore } from '../ports';

export const TIMELINE = 'FEED#main';
const TIME_INDEX = 'byTime';
/**
 * The feed version item is on the timeline index too, under a sort key after every story's (stories' keys
 * start with a digit, `~` sorts after digits and letters), so the newest stories and the version come back
 * from one Query (newestWithVersion). Every other timeline read is bounded below STORIES_END.
 */
const VERSION_KEY = '~version';
const VERSION_ITEM: Item = { pk: { S: TIMELINE }, sk: { S: 'META' } };
const STORIES_END = '~';

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
    private readonly db: DynamoApi,
    private readonly table: string,
  ) {}

  async putStory(story: StoredStory, expiresAt: number): Promise<PutOutcome> {
    try {
      await this.db.call('PutItem', {
        TableName: this.table,
        Item: storyItem(story, expiresAt),
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return 'created';
    } catch (err) {
      if (isConditionalCheckFailure(err)) return 'duplicate';
      throw new StoreError(`store: cannot write story ${story.id}: ${(err as Error).message}`, { cause: err });
    }
  }

  async getStory(id: string): Promise<StoredStory | undefined> {
    const r = await this.db.call('GetItem', { TableName: this.table, Key: { pk: { S: `STORY#${id}` }, sk: { S: 'STORY' } } });
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
      await this.db.call('PutItem', {
        TableName: this.table,
        Item: item,
        ...(expectedRev === undefined
          ? {}
          : expectedRev === 0
            ? { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(rev)' }
            : { ConditionExpression: 'rev = :r', ExpressionAttributeValues: { ':r': { N: String(expectedRev) } } }),
      });
      return true;
    } catch (err) {
      if (isConditionalCheckFailure(err)) return false;
      throw new StoreError(`store: cannot update story ${story.id}: ${(err as Error).message}`, { cause: err });
    }
  }

  async latest(limit: number, before?: string): Promise<StoredStory[]> {
    return (await this.timeline('gsi1sk < :a', { ':a': before ?? STORIES_END }, false, limit)).map(storyOf);
  }

  async after(from: string, limit: number): Promise<StoredStory[]> {
    return (await this.timeline('gsi1sk BETWEEN :a AND :b', { ':a': from, ':b': STORIES_END }, true, limit)).map(storyOf);
  }

  async recent(sinceIso: string, limit: number): Promise<StoredStory[]> {
    return (await this.timeline('gsi1sk BETWEEN :a AND :b', { ':a': sinceIso, ':b': STORIES_END }, false, limit)).map(storyOf);
  }

  async newestWithVersion(limit: number): Promise<{ version?: FeedVersion; stories: StoredStory[] }> {
    const items = await this.timeline(undefined, {}, false, limit + 1);
    // The version item comes first when present (it is put on the index by the first bump after an upgrade).
    const head = items[0]?.sk?.S === 'META' ? items.shift() : undefined;
    return { version: head && versionOf(head), stories: items.slice(0, limit).map(storyOf) };
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
      const r = await this.db.call('Scan', {
        TableName: this.table,
        FilterExpression: 'sk = :s',
        ExpressionAttributeValues: { ':s': { S: 'STORY' } },
        ExclusiveStartKey: start,
      });
      for (const i of r.Items ?? []) yield fromItem<StoredStory>(i)!;
      start = r.LastEvaluatedKey;
    } while (start);
  }

  async feedVersion(): Promise<FeedVersion> {
    const r = await this.db.call('GetItem', { TableName: this.table, Key: VERSION_ITEM, ConsistentRead: true });
    return versionOf(r.Item);
  }

  async bumpFeedVersion(updatedAt: string, newestKey?: string): Promise<FeedVersion> {
    const r = await this.db.call('UpdateItem', {
      TableName: this.table,
      Key: VERSION_ITEM,
      UpdateExpression: `ADD version :one SET updatedAt = :u, gsi1pk = :p, gsi1sk = :k${newestKey ? ', newestKey = :n' : ' REMOVE newestKey'}`,
      ExpressionAttributeValues: {
        ':one': { N: '1' }, ':u': { S: updatedAt }, ':p': { S: TIMELINE }, ':k': { S: VERSION_KEY },
        ...(newestKey ? { ':n': { S: newestKey } } : {}),
      },
      ReturnValues: 'ALL_NEW',
    });
    return versionOf(r.Attributes);
  }
}

/**
 * Shared renderings (`RENDER#<route>` / `BODY`, the gzipped body as base64 text so both DynamoDB clients pass it
 * unchanged), read in the same BatchGetItem as the feed version.
 */
export class DynamoRenderingStore implements RenderingStore {
  constructor(
    private readonly db: DynamoApi,
    private readonly table: string,
  ) {}

  async versionAndRendering(route: string): Promise<{ version: FeedVersion; rendering?: SharedRendering }> {
    const found = await batchGet(this.db, this.table, [VERSION_ITEM, { pk: { S: `RENDER#${route}` }, sk: { S: 'BODY' } }], { ConsistentRead: true });
    const v = found.find((i) => i.sk?.S === 'META');
    const b = found.find((i) => i.sk?.S === 'BODY');
    return {
      version: versionOf(v),
      rendering: b?.body?.S
        ? {
            etag: b.etag?.S ?? '',
            contentType: b.contentType?.S ?? '',
            cacheControl: b.cacheControl?.S ?? '',
            vary: b.vary?.S,
            lastModified: b.lastModified?.S,
            gzipped: Buffer.from(b.body.S, 'base64'),
          }
        : undefined,
    };
  }

  async putRendering(route: string, version: number, rendering: SharedRendering, expiresAt: number): Promise<void> {
    const item: Item = {
      pk: { S: `RENDER#${route}` },
      sk: { S: 'BODY' },
      version: { N: String(version) },
      etag: { S: rendering.etag },
      contentType: { S: rendering.contentType },
      cacheControl: { S: rendering.cacheControl },
      body: { S: rendering.gzipped.toString('base64') },
      expiresAt: { N: String(expiresAt) },
    };
    if (rendering.vary) item.vary = { S: rendering.vary };
    if (rendering.lastModified) item.lastModified = { S: rendering.lastModified };
    try {
      await this.db.call('PutItem', {
        TableName: this.table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk) OR version <= :v',
        ExpressionAttributeValues: { ':v': { N: String(version) } },
      });
    } catch (err) {
      if (!isConditionalCheckFailure(err)) throw err; // a later version's rendering is there: keep it
    }
  }
}

export class DynamoSourceStore implements SourceStore {
  constructor(
    private readonly db: DynamoApi,
    private readonly table: string,
  ) {}

  async get(sourceId: string): Promise<SourceState | undefined> {
    const r = await this.db.call('GetItem', {
      TableName: this.table,
      Key: { pk: { S: `SOURCE#${sourceId}` }, sk: { S: 'STATE' } },
      ConsistentRead: true,
    });
    return fromItem<SourceState>(r.Item);
  }

  async put(state: SourceState): Promise<void> {
    await this.db.call('PutItem', {
      TableName: this.table,
      Item: {
        pk: { S: `SOURCE#${state.sourceId}` },
        sk: { S: 'STATE' },
        gsi1pk: { S: 'SOURCES' },
        gsi1sk: { S: state.sourceId },
        data: { S: JSON.stringify(state) },
      },
    });
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
async function queryAll<T>(db: DynamoApi, input: QueryCommandInput, limit = Infinity): Promise<T[]> {
  return (await queryItems(db, input, limit)).map((i) => fromItem<T>(i)!);
}

/** The items of these keys (≤ 100) that exist; keys left unprocessed (throttling) are retried with backoff. */
async function batchGet(db: DynamoApi, table: string, keys: Item[], options: { ProjectionExpression?: string; ConsistentRead?: boolean }): Promise<Item[]> {
  const found: Item[] = [];
  let pending: Item[] | undefined = keys;
  for (let attempt = 0; pending?.length; attempt++) {
    if (attempt > 9) throw new StoreError(`store: ${pending.length} keys still unprocessed after retries`);
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
    const r = await db.call('BatchGetItem', { RequestItems: { [table]: { Keys: pending, ...options } } });
    found.push(...(r.Responses?.[table] ?? []));
    pending = r.UnprocessedKeys?.[table]?.Keys as Item[] | undefined;
  }
  return found;
}

/** Every item a Query matches (following LastEvaluatedKey), up to `limit`, as stored. */
async function queryItems(db: DynamoApi, input: QueryCommandInput, limit = Infinity): Promise<Item[]> {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const r = await db.call('Query', { ...input, ExclusiveStartKey: start, ...(limit < Infinity ? { Limit: Math.min(limit - out.length, 500) } : {}) });
    out.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start && out.length < limit);
  return out;
}
