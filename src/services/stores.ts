/**
 * Composition: the DynamoDB clients and stores, built once per process / Lambda container.
 *   createStores      the AWS SDK client (poll, dispatch, the CLI and local mode): reads and writes.
 *   createReadStores  the small signed-HTTP client (src/adapters/dynamo-http.ts) for `feed`, whose cold start
 *                     the SDK would dominate. Same store classes, same table layout.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoClient, sdkDynamoApi } from '../adapters/dynamo-client';
import { DynamoSourceStore, DynamoStoryStore } from '../adapters/dynamo-store';
import type { EnvSettings } from '../env';
import type { SourceStore, StoryStore } from '../ports';

export interface Stores {
  client: DynamoDBClient;
  stories: StoryStore;
  sources: SourceStore;
}

export function createStores(env: Pick<EnvSettings, 'tableName' | 'dynamoEndpoint' | 'region'>): Stores {
  const client = createDynamoClient({ endpoint: env.dynamoEndpoint, region: env.region });
  const db = sdkDynamoApi(client);
  return { client, stories: new DynamoStoryStore(db, env.tableName), sources: new DynamoSourceStore(db, env.tableName) };
}
