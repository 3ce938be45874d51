/**
 * Settings read from the environment (Lambda and local mode alike): the one place that reads process.env
 * values, called once in each composition root. No YAML here, so `feed` can load it cheaply.
 */
import type { FeedSettings } from './core/source';

export interface EnvSettings {
  tableName: string;
  /** True when TABLE_NAME was set explicitly (local mode then uses that table in real DynamoDB). */
  tableNameSet: boolean;
  dynamoEndpoint?: string;
  region?: string;
  queueUrl?: string;
  publicBaseUrl?: string;
  hubUrl?: string;
  /** Folder holding sources.yml and rules.yml in a Lambda package (default: config/ under the task root). */
  configDir?: string;
  /**
   * "true" lifts the fetcher's SSRF guard. For tests against loopback fixture servers ONLY: never set it on a
   * deployed function, or a source URL could make `poll` fetch instance metadata or other private addresses.
   */
  allowPrivateHosts: boolean;
  /** Lambda's task root (where the package is unpacked). */
  taskRoot?: string;
  /**
   * The credentials Lambda puts in the environment for the function's role (AWS_ACCESS_KEY_ID,
   * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), for `feed`'s own DynamoDB client; the SDK reads them itself.
   * Never log EnvSettings whole.
   */
  awsCredentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * POWERTOOLS_LOG_LEVEL and POWERTOOLS_SERVICE_NAME as they were at start-up, for a logger created later
   * (feed's, on its first line). Powertools reads them itself when a logger is created at start-up.
   */
  logLevel?: string;
  serviceName?: string;
}

/**
 * The published feed's settings: sources.yml's `feed:` block, with PUBLIC_BASE_URL (else `boundBaseUrl`, the
 * local server's address) and WEBSUB_HUB_URL applied over it. Lambda and local mode alike.
 */
export function feedSettingsFor(feed: FeedSettings, env: Pick<EnvSettings, 'publicBaseUrl' | 'hubUrl'>, boundBaseUrl?: string): FeedSettings {
  const baseUrl = env.publicBaseUrl ?? boundBaseUrl ?? feed.baseUrl;
  return { ...feed, baseUrl: baseUrl.replace(/\/+$/, ''), ...(env.hubUrl ? { hubUrl: env.hubUrl } : {}) };
}

export function readEnv(env: NodeJS.ProcessEnv): EnvSettings {
  return {
    configDir: env.CONFIG_DIR || undefined,
    allowPrivateHosts: env.ALLOW_PRIVATE_HOSTS === 'true',
    taskRoot: env.LAMBDA_TASK_ROOT || undefined,
    tableName: env.TABLE_NAME || 'wiresieve',
    tableNameSet: Boolean(env.TABLE_NAME),
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    region: env.AWS_REGION || undefined,
    queueUrl: env.QUEUE_URL || undefined,
    publicBaseUrl: env.PUBLIC_BASE_URL || undefined,
    hubUrl: env.WEBSUB_HUB_URL || undefined,
    logLevel: env.POWERTOOLS_LOG_LEVEL || undefined,
    serviceName: env.POWERTOOLS_SERVICE_NAME || undefined,
    awsCredentials:
      env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
        ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined }
        : undefined,
  };
}
