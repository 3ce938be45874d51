/**
 * Composition for `feed`: the stores (and the shared renderings) over the small signed-HTTP DynamoDB client. Kept apart from
 * ./stores.ts so the feed bundle never imports the AWS SDK.
 */
import { LOCAL_CREDENTIALS } from '../adapters/dynamo-api';
import { createHttpDynamoApi } from '../adapters/dynamo-http';
import { DynamoRenderingStore, DynamoSourceStore, DynamoStoryStore } from '../adapters/dynamo-store';
import { ConfigError } from '../config-error';
import type { EnvSettings } from '../env';
import type { RenderingStore, SourceStore, StoryStore } from '../ports';

export interface ReadStores {
  stories: StoryStore;
  sources: SourceStore;
  /** The only thing `feed` writes: renderings shared between its containers (RENDER#<route> items). */
  renderings: RenderingStore;
}

export function createReadStores(env: Pick<EnvSettings, 'tableName' | 'dynamoEndpoint' | 'region' | 'awsCredentials'>): ReadStores {
  const local = env.dynamoEndpoint !== undefined;
  const region = env.region ?? (local ? 'us-east-1' : undefined);
  const credentials = local ? LOCAL_CREDENTIALS : env.awsCredentials;
  if (!region || !credentials) {
    const missing = !region ? 'AWS_REGION' : 'AWS_ACCESS_KEY_ID';
    throw new ConfigError('environment', undefined, undefined, missing,
      'not set; the feed function reads DynamoDB with the region and role credentials Lambda puts in the environment ' +
        '(outside Lambda: export AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, or set DYNAMODB_ENDPOINT)');
  }
  const db = createHttpDynamoApi({ region, credentials, endpoint: env.dynamoEndpoint });
  const table = env.tableName;
  return { stories: new DynamoStoryStore(db, table), sources: new DynamoSourceStore(db, table), renderings: new DynamoRenderingStore(db, table) };
}
