/**
 * The site in S3 (on AWS, behind CloudFront): each object under its key with its Content-Type and
 * Cache-Control, and its SHA-256 in the metadata (`x-amz-meta-sha256`), which a HeadObject compares before
 * writing: only objects whose bytes or headers changed are put, so S3's ETag (hence CloudFront's and the
 * readers' 304s) follows the content and PUTs stay few. CloudFront compresses on the way out. Pruning lists a
 * prefix and deletes what is no longer rendered.
 */
import { DeleteObjectsCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SiteObject } from '../core/site';
import type { SiteSink, SiteWriteResult } from '../ports';
import { isUnchanged, sha256, type StoredHeaders } from './site-folder';

/** Objects compared and written at once. */
const PARALLEL = 8;

export class SiteWriteError extends Error {
  override name = 'SiteWriteError';
}

export function createS3Sink(client: S3Client, bucket: string): SiteSink {
  async function stored(key: string): Promise<StoredHeaders | undefined> {
    try {
      const h = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { sha256: h.Metadata?.sha256 ?? '', contentType: h.ContentType ?? '', cacheControl: h.CacheControl ?? '' };
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (err as Error).name === 'NotFound') return undefined;
      throw new SiteWriteError(`site: cannot read s3://${bucket}/${key}: ${(err as Error).message}`, { cause: err });
    }
  }

  async function one(obj: SiteObject): Promise<boolean> {
    const hash = sha256(obj.body);
    if (isUnchanged(await stored(obj.key), obj, hash)) return false;
    try {
      await client.send(new PutObjectCommand({
        Bucket: bucket,
        Key: obj.key,
        Body: obj.body,
        ContentType: obj.contentType,
        CacheControl: obj.cacheControl,
        Metadata: { sha256: hash },
      }));
    } catch (err) {
      throw new SiteWriteError(`site: cannot write s3://${bucket}/${obj.key}: ${(err as Error).message}`, { cause: err });
    }
    return true;
  }

  return {
    async write(objects: SiteObject[]): Promise<SiteWriteResult> {
      const written: string[] = [];
      const unchanged: string[] = [];
      for (let i = 0; i < objects.length; i += PARALLEL) {
        const batch = objects.slice(i, i + PARALLEL);
        const done = await Promise.all(batch.map(one));
        batch.forEach((o, j) => (done[j] ? written : unchanged).push(o.key));
      }
      return { written, unchanged };
    },
    async prune(prefix: string, keep: Set<string>): Promise<string[]> {
      const gone: string[] = [];
      let token: string | undefined;
      try {
        do {
          const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
          for (const o of page.Contents ?? []) if (o.Key && !keep.has(o.Key)) gone.push(o.Key);
          token = page.NextContinuationToken;
        } while (token);
        for (let i = 0; i < gone.length; i += 1000) {
          await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: gone.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
        }
      } catch (err) {
        throw new SiteWriteError(`site: cannot prune s3://${bucket}/${prefix}: ${(err as Error).message}`, { cause: err });
      }
      return gone;
    },
  };
}
