/**
 * What every CLI command needs: a logger on stderr, the config files, and a DynamoDB — the embedded one
 * (DynamoDB Local, data under --data) unless DYNAMODB_ENDPOINT or TABLE_NAME + AWS_REGION point elsewhere.
 */
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../adapters/embedded-dynamodb';
import { ensureTable } from '../adapters/dynamo-table';
import { readEnv } from '../env';
import type { Logger } from '../ports';
import { createStores, type Stores } from '../services/stores';

export function consoleLogger(verbose: boolean): Logger {
  const line = (level: string, message: string, extra?: Record<string, unknown>): void => {
    process.stderr.write(`${level} ${message}${extra ? ` ${JSON.stringify(extra)}` : ''}\n`);
  };
  return {
    debug: (m, e) => verbose && line('debug', m, e),
    info: (m, e) => verbose && line('info', m, e),
    warn: (m, e) => verbose && line('warn', m, e),
    error: (m, e) => line('error', m, e),
  };
}

export interface OpenedStore extends Stores {
  where: string;
  close(): Promise<void>;
}

export async function openStore(dataDir: string, say: (line: string) => void): Promise<OpenedStore> {
  const env = readEnv(process.env);
  let embedded: EmbeddedDynamo | undefined;
  let endpoint = env.dynamoEndpoint;
  let where: string;
  if (endpoint) {
    where = `DynamoDB at ${endpoint} (DYNAMODB_ENDPOINT), table ${env.tableName}`;
  } else if (env.tableNameSet && env.region) {
    where = `DynamoDB in ${env.region}, table ${env.tableName}`;
  } else {
    embedded = await startEmbeddedDynamo({ dataDir });
    endpoint = embedded.endpoint;
    where = `embedded DynamoDB Local on ${endpoint}, data in ${dataDir}`;
  }
  const stores = createStores({ ...env, dynamoEndpoint: endpoint });
  try {
    if (endpoint) await ensureTable(stores.client, env.tableName);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  say(`wiresieve: ${where}`);
  return {
    ...stores,
    where,
    close: async () => {
      stores.client.destroy();
      await embedded?.stop();
    },
  };
}
