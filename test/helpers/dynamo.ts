/** Test helper: a fresh table (from infra/table.yml) on the DynamoDB Local that the global setup started. */
import { inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createDynamoClient } from '../../src/adapters/dynamo-client';
import { ensureTable } from '../../src/adapters/dynamo-table';

export async function freshTable(): Promise<{ client: ReturnType<typeof createDynamoClient>; table: string; endpoint: string }> {
  const endpoint = inject('dynamoEndpoint');
  const client = createDynamoClient({ endpoint });
  const table = `t${randomUUID().replace(/-/g, '')}`;
  await ensureTable(client, table);
  return { client, table, endpoint };
}
