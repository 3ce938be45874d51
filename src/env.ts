/**
 * Settings read from the environment (Lambda and local mode alike): the one place that reads process.env
 * values, called once in each composition root.
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
  /** The S3 bucket the `publish` function writes the site to. */
  siteBucket?: string;
  /** An S3-compatible endpoint instead of AWS's (moto_server in the tests, `osls invoke local`). */
  s3Endpoint?: string;
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
    siteBucket: env.SITE_BUCKET || undefined,
    s3Endpoint: env.S3_ENDPOINT || undefined,
  };
}
