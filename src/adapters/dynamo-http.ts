/**
 * A small DynamoDB client for the read path (`feed`): the JSON 1.0 protocol (one POST per operation,
 * `X-Amz-Target: DynamoDB_20120810.<Operation>`) over node:http(s) with kept-alive connections, signed with
 * Signature Version 4 by `aws4`.
 *
 * Why not @aws-sdk/client-dynamodb here: loading it and making one GetItem costs ~150 ms of cold start on the
 * reference machine (its bundle is ~300 KiB of @smithy/core, credential chain and endpoint rules), which alone
 * is twice the budget issue 6 sets for the whole `feed` cold start; this client and aws4 load in a few ms.
 * The SDK stays everywhere else (poll, dispatch, CLI), where its adaptive retries earn their load time.
 *
 * What it keeps from the SDK's behaviour: errors carry DynamoDB's type as `name` (so
 * `isConditionalCheckFailure` works for both clients) and a `$retryable` flag; throttling, 5xx, broken
 * connections and responses whose `x-amz-crc32` does not match the body are retried with full-jitter
 * exponential backoff; every attempt has a deadline. Credentials come from the caller (on Lambda: the
 * execution role's AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, read by src/config.ts).
 */
import aws4 from 'aws4';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { crc32 } from 'node:zlib';
import type { DynamoApi, DynamoOperation } from './dynamo-api';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface HttpDynamoOptions {
  region: string;
  credentials: AwsCredentials;
  /** e.g. http://127.0.0.1:8000 for DynamoDB Local; default the regional endpoint. */
  endpoint?: string;
  /** Attempts per call, first included (default 3). */
  maxAttempts?: number;
  /** Deadline of one attempt, connect to last byte (default 3000 ms). */
  attemptTimeoutMs?: number;
  /** First backoff ceiling; attempt n waits a random time below base·2^n (default 25 ms, capped at 1 s). */
  backoffBaseMs?: number;
}

/** An error answered by DynamoDB (name = its error type) or met on the way there. */
export class DynamoHttpError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status: number | undefined,
    readonly $retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Error types DynamoDB answers with status 400 that are worth retrying. */
const RETRYABLE_TYPES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'TransactionInProgressException',
]);

/** Node error codes of a connection that broke before an answer arrived. */
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

export function regionalEndpoint(region: string): string {
  return `https://dynamodb.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export function createHttpDynamoApi(opts: HttpDynamoOptions): DynamoApi {
  const url = new URL(opts.endpoint ?? regionalEndpoint(opts.region));
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') throw new Error(`dynamodb: endpoint must be http(s), got ${url.href}`);
  const agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: 50 }) : new HttpAgent({ keepAlive: true, maxSockets: 50 });
  const send = secure ? httpsRequest : httpRequest;
  const maxAttempts = opts.maxAttempts ?? 3;
  const timeoutMs = opts.attemptTimeoutMs ?? 3000;
  const backoffBase = opts.backoffBaseMs ?? 25;

  function once(operation: DynamoOperation, body: string): Promise<RawResponse> {
    const signed = aws4.sign(
      {
        service: 'dynamodb',
        region: opts.region,
        method: 'POST',
        host: url.host,
        path: '/',
        headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `DynamoDB_20120810.${operation}` },
        body,
      },
      opts.credentials,
    );
    return new Promise((resolve, reject) => {
      // A plain timer rather than an AbortSignal: http.request's signal support costs ~4 ms on a cold start.
      const deadline = setTimeout(() => req.destroy(Object.assign(new Error('no answer before the deadline'), { code: 'ETIMEDOUT' })), timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(deadline);
        reject(err);
      };
      const req = send(
        {
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port || undefined,
          method: 'POST',
          path: '/',
          headers: signed.headers as Record<string, string>,
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            clearTimeout(deadline);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          });
          res.on('error', fail);
        },
      );
      req.on('error', fail);
      req.end(body);
    });
  }

  /** The parsed answer, or a DynamoHttpError saying what went wrong and whether trying again may help. */
  function interpret(operation: DynamoOperation, res: RawResponse): unknown {
    const expected = res.headers['x-amz-crc32'];
    if (expected !== undefined && String(crc32(res.body)) !== expected) {
      throw new DynamoHttpError('CRC32CheckFailed', `dynamodb ${operation}: response body does not match its x-amz-crc32`, res.status, true);
    }
    let parsed: { __type?: string; message?: string; Message?: string } | undefined;
    try {
      parsed = res.body.length ? JSON.parse(res.body.toString('utf8')) : {};
    } catch {
      parsed = undefined;
    }
    if (res.status === 200 && parsed) return parsed;
    const type = parsed?.__type?.split('#').pop() || (res.status >= 500 ? 'InternalServerError' : `HTTP${res.status}`);
    const message = parsed?.message ?? parsed?.Message ?? res.body.toString('utf8').slice(0, 200);
    const retryable = res.status >= 500 || RETRYABLE_TYPES.has(type) || (res.status === 200 && !parsed);
    throw new DynamoHttpError(type, `dynamodb ${operation}: ${type}: ${message}`, res.status, retryable);
  }

  async function call(operation: DynamoOperation, input: object): Promise<unknown> {
    const body = JSON.stringify(input);
    for (let attempt = 1; ; attempt++) {
      let error: DynamoHttpError;
      try {
        return interpret(operation, await once(operation, body));
      } catch (err) {
        error = err instanceof DynamoHttpError ? err : networkError(operation, err);
      }
      if (!error.$retryable || attempt >= maxAttempts) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(1000, backoffBase * 2 ** attempt)));
    }
  }

  return { call: call as DynamoApi['call'], destroy: () => agent.destroy() };
}

function networkError(operation: DynamoOperation, err: unknown): DynamoHttpError {
  const e = err as NodeJS.ErrnoException;
  const code = e?.code ?? 'NetworkError';
  const retryable = RETRYABLE_CODES.has(code) || e?.message === 'socket hang up';
  return new DynamoHttpError(code === 'ETIMEDOUT' ? 'TimeoutError' : code, `dynamodb ${operation}: ${e?.message ?? String(err)}`, undefined, retryable, { cause: err });
}
