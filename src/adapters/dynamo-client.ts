/**
 * Builds the DynamoDB client (the AWS SDK's: the one client every function, the CLI and local mode use) once
 * per process (per Lambda container). Local endpoints (DynamoDB Local) get a
 * region and dummy credentials; DynamoDB Local 2+ accepts only letters and digits in the access key id.
 * Throttling is retried by the SDK's adaptive strategy with more attempts than the default, so a burst of
 * ProvisionedThroughputExceeded/ThrottlingException loses nothing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The dummy credentials every local endpoint is given (DynamoDB Local checks only their form: letters and digits). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'wiresieveLocal', secretAccessKey: 'local' } as const;

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
