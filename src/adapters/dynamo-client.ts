/**
 * Builds the DynamoDB client once per process (per Lambda container). Local endpoints (DynamoDB Local) get a
 * region and dummy credentials; DynamoDB Local 2+ accepts only letters and digits in the access key id.
 * Throttling is retried by the SDK's adaptive strategy with more attempts than the default, so a burst of
 * ProvisionedThroughputExceeded/ThrottlingException loses nothing.
 */
import {
  BatchGetItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, type DynamoApi, type DynamoOperation } from './dynamo-api';

export interface DynamoClientOptions {
  endpoint?: string;
  region?: string;
  maxAttempts?: number;
}

export function createDynamoClient(opts: DynamoClientOptions = {}): DynamoDBClient {
  const local = opts.endpoint !== undefined;
  return new DynamoDBClient({
    region: opts.region ?? (local ? 'us-east-1' : undefined),
    endpoint: opts.endpoint,
    maxAttempts: opts.maxAttempts ?? 8,
    retryMode: 'adaptive',
    ...(local ? { credentials: LOCAL_CREDENTIALS } : {}),
  });
}

const COMMANDS = {
  BatchGetItem: BatchGetItemCommand,
  GetItem: GetItemCommand,
  PutItem: PutItemCommand,
  Query: QueryCommand,
  Scan: ScanCommand,
  UpdateItem: UpdateItemCommand,
} as const;

/** The stores' DynamoApi over an SDK client (errors are the SDK's, e.g. ConditionalCheckFailedException). */
export function sdkDynamoApi(client: DynamoDBClient): DynamoApi {
  return {
    call: (operation: DynamoOperation, input: object) => {
      const Command = COMMANDS[operation] as new (input: object) => Parameters<DynamoDBClient['send']>[0];
      return client.send(new Command(input)) as never;
    },
    destroy: () => client.destroy(),
  } as DynamoApi;
}
