/** The AWS site: the S3 bucket CloudFront serves, as a SiteSink (composition for the `publish` function). */
import { S3Client } from '@aws-sdk/client-s3';
import { createS3Sink } from '../adapters/site-s3';
import type { SiteSink } from '../ports';

export interface S3SiteOptions {
  bucket: string;
  region?: string;
  /** An S3-compatible endpoint (moto_server in the tests), addressed path-style. */
  endpoint?: string;
}

export function s3Site(opts: S3SiteOptions): { sink: SiteSink; client: S3Client } {
  const client = new S3Client({
    region: opts.region ?? 'us-east-1',
    ...(opts.endpoint ? { endpoint: opts.endpoint, forcePathStyle: true } : {}),
    maxAttempts: 5,
  });
  return { sink: createS3Sink(client, opts.bucket), client };
}
