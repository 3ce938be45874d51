/** Composition: the DynamoDB client (AWS SDK) and the stores over it, built once per process / Lambda container. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../adapters/dynamo-client';
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
  return { client, stories: new DynamoStoryStore(client, env.tableName), sources: new DynamoSourceStore(client, env.tableName) };
}
