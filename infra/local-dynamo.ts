/**
 * Starts DynamoDB Local (the embedded one local mode uses) on a port, creates the table from infra/table.yml and
 * prints the environment for `osls invoke local`:
 *
 *   node bin/run-ts.js infra/local-dynamo.ts [--port 8000] [--table wiresieve-local]
 *   DYNAMODB_ENDPOINT=http://127.0.0.1:8000 TABLE_NAME=wiresieve-local \
 *     npx osls invoke local -f poll --path test/fixtures/events/poll-sqs.json
 *
 * Ctrl-C stops DynamoDB Local. Data is in memory only.
 */
import { parseArgs } from 'node:util';
import { createDynamoClient } from '../src/adapters/dynamo-client';
import { ensureTable } from '../src/adapters/dynamo-table';
import { startEmbeddedDynamo } from '../src/adapters/embedded-dynamodb';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8000' }, table: { type: 'string', default: 'wiresieve-local' } } });
const dynamo = await startEmbeddedDynamo({ inMemory: true, port: Number(values.port) });
const client = createDynamoClient({ endpoint: dynamo.endpoint });
await ensureTable(client, values.table!);
client.destroy();
console.log(`DYNAMODB_ENDPOINT=${dynamo.endpoint} TABLE_NAME=${values.table}`);
const stop = (): void => void dynamo.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
