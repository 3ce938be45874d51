/**
 * The slice of DynamoDB the stores use, as one call: an operation name and its input in the wire shape of the
 * JSON protocol (`{ S: "…" }`, `{ N: "1" }`, …), which is also the shape the SDK's commands take. Two clients
 * implement it:
 *   - src/adapters/dynamo-client.ts  `sdkDynamoApi`: @aws-sdk/client-dynamodb (poll, dispatch, the CLI, local mode);
 *   - src/adapters/dynamo-http.ts    `createHttpDynamoApi`: a small signed-JSON-over-HTTPS client for the `feed`
 *     function, whose cold start the SDK would triple (see that file).
 * This module holds types only (erased at build time), so neither client drags the other into a bundle.
 */
import type {
  BatchGetItemCommandInput,
  BatchGetItemCommandOutput,
  GetItemCommandInput,
  GetItemCommandOutput,
  PutItemCommandInput,
  PutItemCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  UpdateItemCommandInput,
  UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';

export interface DynamoOperations {
  BatchGetItem: [BatchGetItemCommandInput, BatchGetItemCommandOutput];
  GetItem: [GetItemCommandInput, GetItemCommandOutput];
  PutItem: [PutItemCommandInput, PutItemCommandOutput];
  Query: [QueryCommandInput, QueryCommandOutput];
  Scan: [ScanCommandInput, ScanCommandOutput];
  UpdateItem: [UpdateItemCommandInput, UpdateItemCommandOutput];
}

export type DynamoOperation = keyof DynamoOperations;

export interface DynamoApi {
  call<K extends DynamoOperation>(operation: K, input: DynamoOperations[K][0]): Promise<DynamoOperations[K][1]>;
  /** Closes kept-alive connections (CLI and tests; a Lambda container never calls it). */
  destroy(): void;
}

/** The dummy credentials every local endpoint is given (DynamoDB Local checks only their form: letters and digits). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'wiresieveLocal', secretAccessKey: 'local' } as const;

/** True for DynamoDB's "the condition expression was false" error, from either client. */
export function isConditionalCheckFailure(err: unknown): boolean {
  return (err as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';
}
