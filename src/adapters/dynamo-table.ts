/**
 * Creates the wiresieve table from infra/table.yml — the same definition serverless.yml deploys — so local
 * mode, the tests and AWS all use one table design. Idempotent: an existing table is left as it is.
 */
import {
  CreateTableCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const TABLE_DEFINITION_FILE = fileURLToPath(new URL('../../infra/table.yml', import.meta.url));

interface TableYaml {
  AttributeDefinitions: CreateTableCommandInput['AttributeDefinitions'];
  KeySchema: CreateTableCommandInput['KeySchema'];
  GlobalSecondaryIndexes?: CreateTableCommandInput['GlobalSecondaryIndexes'];
  TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
}

export function tableDefinition(): TableYaml {
  return parse(readFileSync(TABLE_DEFINITION_FILE, 'utf8')) as TableYaml;
}

export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  const def = tableDefinition();
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: def.AttributeDefinitions,
        KeySchema: def.KeySchema,
        GlobalSecondaryIndexes: def.GlobalSecondaryIndexes,
      }),
    );
  } catch (err) {
    if (err instanceof ResourceInUseException) return 'exists';
    throw err;
  }
  // The SDK's waiter (DescribeTable until ACTIVE); DynamoDB Local and moto create a table ACTIVE at once.
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 0.1, maxDelay: 2 }, { TableName: tableName });
  if (def.TimeToLiveSpecification) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: def.TimeToLiveSpecification,
      }),
    );
  }
  return 'created';
}
