/**
 * The small signed-HTTP DynamoDB client `feed` uses (src/adapters/dynamo-http.ts). Its store behaviour runs
 * against DynamoDB Local in dynamo-store.test.ts; here:
 *   - what it puts on the wire is checked against AWS's own SigV4 signer (@smithy/signature-v4, the one inside
 *     @aws-sdk/client-dynamodb), because DynamoDB Local does not verify signatures;
 *   - DynamoDB's real error answers come from DynamoDB Local;
 *   - faults DynamoDB Local cannot produce on demand (throttling, 500s, a corrupted body, no answer) come from
 *     a loopback HTTP server scripted to answer that way — a stand-in, and the only one in this file.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { crc32 } from 'node:zlib';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, isConditionalCheckFailure } from '../../../src/adapters/dynamo-api';
import { createHttpDynamoApi, DynamoHttpError, regionalEndpoint } from '../../../src/adapters/dynamo-http';
import { freshTable } from '../../helpers/dynamo';

interface Seen {
  headers: IncomingHttpHeaders;
  body: string;
}
type Answer = { status: number; body: string; crc?: 'right' | 'wrong' } | 'hang';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A loopback server giving the scripted answers in order (the last one repeats); it records each request. */
async function scripted(answers: Answer[]): Promise<{ endpoint: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      const a = answers[Math.min(seen.length, answers.length) - 1]!;
      if (a === 'hang') return; // never answers
      const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0' };
      if (a.crc) headers['x-amz-crc32'] = String(crc32(a.body) + (a.crc === 'wrong' ? 1 : 0));
      res.writeHead(a.status, headers).end(a.body);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token-example' };
const OK = { status: 200, body: '{"Item":{"pk":{"S":"x"}}}', crc: 'right' } as const;

class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key = secret === undefined || typeof secret === 'string' ? secret : ArrayBuffer.isView(secret) ? new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength) : new Uint8Array(secret);
    this.hash = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

describe('signing', () => {
  it('sends a SigV4 signature identical to the AWS SDK signer\'s for the same request', async () => {
    // Prepare
    const { endpoint, seen } = await scripted([OK]);
    const db = createHttpDynamoApi({ endpoint, region: 'eu-west-1', credentials: CREDS });
    // Act
    await db.call('GetItem', { TableName: 'wiresieve', Key: { pk: { S: 'FEED#main' }, sk: { S: 'META' } }, ConsistentRead: true });
    db.destroy();
    // Assess
    const [req] = seen;
    const { authorization, connection, ...signedHeaders } = req!.headers as Record<string, string>;
    void connection;
    expect(authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=.*x-amz-security-token.*x-amz-target.*, Signature=[0-9a-f]{64}$/);
    expect(req!.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(req!.headers['x-amz-security-token']).toBe(CREDS.sessionToken);
    const amzDate = req!.headers['x-amz-date'] as string;
    const signingDate = new Date(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
    // applyChecksum: false — the SDK's DynamoDB client does not send x-amz-content-sha256 either.
    const signer = new SignatureV4({ service: 'dynamodb', region: 'eu-west-1', credentials: CREDS, sha256: NodeSha256, applyChecksum: false });
    const expected = await signer.sign(
      { method: 'POST', protocol: 'http:', hostname: '127.0.0.1', path: '/', headers: signedHeaders, body: req!.body },
      { signingDate },
    );
    expect(authorization).toBe(expected.headers.authorization);
  });

  it('names the regional endpoint, .com.cn in China', () => {
    expect(regionalEndpoint('ap-northeast-2')).toBe('https://dynamodb.ap-northeast-2.amazonaws.com');
    expect(regionalEndpoint('cn-north-1')).toBe('https://dynamodb.cn-north-1.amazonaws.com.cn');
  });
});

describe('errors from DynamoDB Local', () => {
  it('names them by DynamoDB\'s error type, so the stores tell a failed condition from a failure', async () => {
    // Prepare
    const { table, endpoint } = await freshTable();
    const db = createHttpDynamoApi({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
    const item = { pk: { S: 'p' }, sk: { S: 's' } };
    await db.call('PutItem', { TableName: table, Item: item });
    // Act
    const conditional = await db.call('PutItem', { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }).catch((e: unknown) => e);
    const missing = await db.call('GetItem', { TableName: `${table}nope`, Key: item }).catch((e: unknown) => e);
    db.destroy();
    // Assess
    expect(isConditionalCheckFailure(conditional)).toBe(true);
    expect(missing).toBeInstanceOf(DynamoHttpError);
    expect((missing as DynamoHttpError).name).toBe('ResourceNotFoundException');
    expect((missing as DynamoHttpError).$retryable).toBe(false);
    expect((missing as Error).message).toMatch(/^dynamodb GetItem: ResourceNotFoundException: /);
  });
});

describe('faults (scripted loopback stand-in)', () => {
  const fast = { region: 'us-east-1', credentials: CREDS, backoffBaseMs: 1 };

  it.each([
    ['throttling', { status: 400, body: '{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate exceeded"}' }],
    ['provisioned throughput exceeded', { status: 400, body: '{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow down"}' }],
    ['a 500', { status: 500, body: '{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"oops"}' }],
    ['a 503 without a body', { status: 503, body: '' }],
    ['a body that does not match its x-amz-crc32', { ...OK, crc: 'wrong' as const }],
  ])('retries %s and returns the answer that follows', async (_name, fault) => {
    // Prepare
    const { endpoint, seen } = await scripted([fault, OK]);
    const db = createHttpDynamoApi({ ...fast, endpoint });
    // Act
    const out = await db.call('GetItem', { TableName: 't', Key: {} });
    db.destroy();
    // Assess
    expect(out.Item).toEqual({ pk: { S: 'x' } });
    expect(seen).toHaveLength(2);
  });

  it('gives up after maxAttempts, with the last error', async () => {
    // Prepare
    const { endpoint, seen } = await scripted([{ status: 400, body: '{"__type":"x#ThrottlingException","message":"Rate exceeded"}' }]);
    const db = createHttpDynamoApi({ ...fast, endpoint, maxAttempts: 3 });
    // Act
    const err = await db.call('Query', { TableName: 't' }).catch((e: unknown) => e);
    db.destroy();
    // Assess
    expect((err as DynamoHttpError).name).toBe('ThrottlingException');
    expect((err as Error).message).toBe('dynamodb Query: ThrottlingException: Rate exceeded');
    expect(seen).toHaveLength(3);
  });

  it('does not retry a request DynamoDB refused as invalid', async () => {
    // Prepare
    const { endpoint, seen } = await scripted([{ status: 400, body: '{"__type":"x#ValidationException","message":"bad key"}' }, OK]);
    const db = createHttpDynamoApi({ ...fast, endpoint });
    // Act
    const err = await db.call('GetItem', { TableName: 't', Key: {} }).catch((e: unknown) => e);
    db.destroy();
    // Assess
    expect((err as DynamoHttpError).name).toBe('ValidationException');
    expect(seen).toHaveLength(1);
  });

  it('abandons an attempt with no answer at its deadline, then tries again', async () => {
    // Prepare
    const { endpoint, seen } = await scripted(['hang', OK]);
    const db = createHttpDynamoApi({ ...fast, endpoint, attemptTimeoutMs: 150 });
    const t0 = Date.now();
    // Act
    const out = await db.call('GetItem', { TableName: 't', Key: {} });
    db.destroy();
    // Assess
    expect(out.Item).toBeDefined();
    expect(seen).toHaveLength(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('reports an endpoint nobody listens on as a network error, after retrying', async () => {
    // Prepare: a port that was just free
    const { endpoint } = await scripted([OK]);
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    const db = createHttpDynamoApi({ ...fast, endpoint });
    // Act
    const err = await db.call('GetItem', { TableName: 't', Key: {} }).catch((e: unknown) => e);
    db.destroy();
    // Assess
    expect((err as DynamoHttpError).name).toBe('ECONNREFUSED');
    expect((err as DynamoHttpError).$retryable).toBe(true);
  });
});
