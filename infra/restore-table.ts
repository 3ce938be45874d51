/**
 * Restore the table from its point-in-time recovery into a NEW table that a stack can adopt (README "Restore"):
 *
 *   node bin/run-ts.js infra/restore-table.ts --from <TableName output> --to wiresieve-prod-restored-20261201 \
 *     [--at 2026-12-01T09:30:00Z | latest] [--region eu-west-1] [--stage prod] [--no-protect]
 *
 * 1. checks that the source table has point-in-time recovery, and that --at is within its window;
 * 2. RestoreTableToPointInTime into --to (DynamoDB copies the keys, the byTime index and the items) and waits
 *    until the new table is ACTIVE — minutes to hours, depending on its size;
 * 3. gives it what a restore does not copy and the stack's own table has (infra/table.yml): the KEYS_ONLY stream
 *    `publish` reads, TTL on `expiresAt`, point-in-time recovery, and deletion protection (unless --no-protect);
 * 4. prints the deploy command that makes the stack use it: --param="tableName=…" --param="tableStreamArn=…".
 * The source table is left as it is. DYNAMODB_ENDPOINT points it at another DynamoDB (the tests use moto).
 * Exit status: 0 done, 1 a step failed (the message says which and what is left), 2 bad usage.
 */
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  RestoreTableToPointInTimeCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createDynamoClient } from '../src/adapters/dynamo-client';
import { tableDefinition } from '../src/adapters/dynamo-table';

export class RestoreError extends Error {
  override name = 'RestoreError';
}

export interface RestoreOptions {
  from: string;
  to: string;
  /** The point in time; undefined = the latest restorable time. */
  at?: Date;
  protect: boolean;
  /** How long to wait for the restored table to become ACTIVE, and between two looks. */
  waitMs?: number;
  pollMs?: number;
  log?: (line: string) => void;
}

export interface Restored {
  tableName: string;
  streamArn: string;
  restoredTo: string;
}

export async function restoreTable(client: DynamoDBClient, o: RestoreOptions): Promise<Restored> {
  const log = o.log ?? (() => undefined);
  // 1. the source and its recovery window
  const backups = await client.send(new DescribeContinuousBackupsCommand({ TableName: o.from }));
  const pitr = backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription;
  if (pitr?.PointInTimeRecoveryStatus !== 'ENABLED') {
    throw new RestoreError(`restore: point-in-time recovery is not enabled on ${o.from}: there is nothing to restore from`);
  }
  if (o.at && pitr.EarliestRestorableDateTime && pitr.LatestRestorableDateTime) {
    if (o.at < pitr.EarliestRestorableDateTime || o.at > pitr.LatestRestorableDateTime) {
      throw new RestoreError(
        `restore: ${o.at.toISOString()} is outside ${o.from}'s recovery window, ${pitr.EarliestRestorableDateTime.toISOString()} to ${pitr.LatestRestorableDateTime.toISOString()}`,
      );
    }
  }
  // 2. restore into the new table, and wait for it
  log(`restore: ${o.from} as of ${o.at?.toISOString() ?? 'the latest restorable time'} → ${o.to}`);
  await client.send(
    new RestoreTableToPointInTimeCommand({
      SourceTableName: o.from,
      TargetTableName: o.to,
      ...(o.at ? { RestoreDateTime: o.at } : { UseLatestRestorableTime: true }),
    }),
  );
  let table = await waitActive(client, o.to, o.waitMs ?? 4 * 3_600_000, o.pollMs ?? 15_000, log);
  // 3. what a restore leaves out
  const def = tableDefinition() as ReturnType<typeof tableDefinition> & { StreamSpecification?: { StreamViewType: 'KEYS_ONLY' } };
  const viewType = def.StreamSpecification?.StreamViewType ?? 'KEYS_ONLY';
  if (!table.StreamSpecification?.StreamEnabled) {
    await client.send(new UpdateTableCommand({ TableName: o.to, StreamSpecification: { StreamEnabled: true, StreamViewType: viewType } }));
    table = await waitActive(client, o.to, o.waitMs ?? 3_600_000, o.pollMs ?? 15_000, log);
  }
  const ttl = def.TimeToLiveSpecification;
  if (ttl?.Enabled) {
    const now = await client.send(new DescribeTimeToLiveCommand({ TableName: o.to }));
    if (now.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
      await client.send(new UpdateTimeToLiveCommand({ TableName: o.to, TimeToLiveSpecification: ttl }));
    }
  }
  await client.send(new UpdateContinuousBackupsCommand({ TableName: o.to, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  if (o.protect) await client.send(new UpdateTableCommand({ TableName: o.to, DeletionProtectionEnabled: true }));
  const streamArn = table.LatestStreamArn;
  if (!streamArn) throw new RestoreError(`restore: ${o.to} has no stream after enabling it; enable it by hand (${viewType}) and read its LatestStreamArn`);
  log(`restore: ${o.to} is ACTIVE with a ${viewType} stream, TTL on ${ttl?.AttributeName}, point-in-time recovery${o.protect ? ', deletion protection' : ''}`);
  return { tableName: o.to, streamArn, restoredTo: (table.RestoreSummary?.RestoreDateTime ?? o.at ?? new Date()).toISOString() };
}

async function waitActive(client: DynamoDBClient, name: string, waitMs: number, pollMs: number, log: (l: string) => void): Promise<TableDescription> {
  for (const started = Date.now(); ; ) {
    const { Table: t } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (t?.TableStatus === 'ACTIVE' && (t.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === undefined || i.IndexStatus === 'ACTIVE')) return t;
    if (Date.now() - started > waitMs) {
      throw new RestoreError(`restore: ${name} is still ${t?.TableStatus} after ${Math.round(waitMs / 60_000)} minutes; run this again with the same --to once it is ACTIVE`);
    }
    log(`restore: ${name} is ${t?.TableStatus ?? 'not there yet'}; waiting`);
    await sleep(pollMs);
  }
}

export function deployCommand(r: Restored, stage: string, region: string): string {
  return `npm run deploy -- --stage ${stage} --region ${region} --param="tableName=${r.tableName}" --param="tableStreamArn=${r.streamArn}"`;
}

const USAGE = 'usage: node bin/run-ts.js infra/restore-table.ts --from TABLE --to NEW_TABLE [--at ISO-TIME|latest] [--region R] [--stage S] [--no-protect]';

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' }, to: { type: 'string' }, at: { type: 'string' }, region: { type: 'string' },
        stage: { type: 'string' }, 'no-protect': { type: 'boolean' },
      },
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const at = values.at && values.at !== 'latest' ? new Date(values.at) : undefined;
  if (!values.from || !values.to || (at && Number.isNaN(at.getTime())) || values.from === values.to) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const region = values.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const client = createDynamoClient({ endpoint: process.env.DYNAMODB_ENDPOINT || undefined, region });
  try {
    const r = await restoreTable(client, { from: values.from, to: values.to, at, protect: !values['no-protect'], log: (l) => process.stderr.write(`${l}\n`) });
    process.stdout.write(`tableName=${r.tableName}\ntableStreamArn=${r.streamArn}\n`);
    process.stderr.write(`\nNow deploy the stack onto it:\n  ${deployCommand(r, values.stage ?? 'prod', region)}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  } finally {
    client.destroy();
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = await main(process.argv.slice(2));
}
