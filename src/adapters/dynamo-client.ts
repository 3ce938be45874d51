/**
 * Builds the DynamoDB client (the AWS SDK's: the one client every function, the CLI and local mode use) once
 * per process (per Lambda container). Local endpoints (DynamoDB Local) get a
 * region and dummy credentials; DynamoDB Local 2+ accepts only letters and digits in the access key id.
 * Throttling is retried by the SDK's adaptive strategy with more attempts than the default, so a burst of
 * ProvisionedThroughputExceeded/ThrottlingException loses nothing.
 *
 * The client's protocol is the SDK's own AWS JSON 1.0 protocol with its first DynamoDB JSON codec
 * (@aws-sdk/dynamodb-codec's DynamoDBJsonCodec) rather than the default second one: the second writes the
 * request's JSON one character at a time in JavaScript, which a fresh process runs unoptimized — a poll's first
 * write of its new stories (their records are JSON strings of several KB, escaped again) cost ~6 ms of a cold
 * start there, ~1.5 ms through the first codec, which leaves the escaping to JSON.stringify. Warm, the two cost
 * the same; requests and responses are the same JSON (test/integration/store runs the adapters through it).
 */
import { DynamoDBClient, errorTypeRegistries } from '@aws-sdk/client-dynamodb';
import { AwsJson1_0Protocol } from '@aws-sdk/core/protocols';
import { DynamoDBJsonCodec } from '@aws-sdk/dynamodb-codec';

/** The dummy credentials every local endpoint is given (DynamoDB Local checks only their form: letters and digits). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'wiresieveLocal', secretAccessKey: 'local' } as const;

export interface DynamoClientOptions {
  endpoint?: string;
  region?: string;
  maxAttempts?: number;
}

/** DynamoDB's protocol settings as the client sets them by default, with the first JSON codec (see the header). */
function dynamoProtocol(): AwsJson1_0Protocol {
  return new AwsJson1_0Protocol({
    defaultNamespace: 'com.amazonaws.dynamodb',
    errorTypeRegistries,
    serviceTarget: 'DynamoDB_20120810',
    jsonCodec: new DynamoDBJsonCodec(),
  });
}

export function createDynamoClient(opts: DynamoClientOptions = {}): DynamoDBClient {
  const local = opts.endpoint !== undefined;
  return new DynamoDBClient({
    region: opts.region ?? (local ? 'us-east-1' : undefined),
    endpoint: opts.endpoint,
    maxAttempts: opts.maxAttempts ?? 8,
    retryMode: 'adaptive',
    protocol: dynamoProtocol(),
    ...(local ? { credentials: LOCAL_CREDENTIALS } : {}),
  });
}
