/**
 * The S3 site sink against S3 on moto_server, beside the folder sink of local mode: the same objects give the
 * same bytes and headers in both; PutObject carries Content-Type and Cache-Control; S3 answers a GetObject with
 * the object's ETag in If-None-Match with 304 (what CloudFront's revalidation gets); only changed objects are
 * written again, and pruning deletes only what is no longer rendered. One fault real S3 cannot be made to produce on demand (a denied HeadObject) is injected with a
 * client middleware, marked MOCK.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createFolderSink, readManifest } from '../../../src/adapters/site-folder';
import { createS3Sink } from '../../../src/adapters/site-s3';
import { renderSite, type SiteObject } from '../../../src/core/site';
import { storedStory } from '../../helpers/stories';
import { MOTO_CREDENTIALS, motoS3 } from './moto';

const aws = motoS3();

async function bucket(): Promise<string> {
  const name = `site-${Math.random().toString(36).slice(2)}`;
  await aws.s3.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

/** A whole site from 8 stories over 3 days (archive pages included). */
function site(now = new Date('2026-11-10T12:00:00Z'), extra: string[] = []): SiteObject[] {
  const base = ['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7'].map((id, i) => {
    const published = new Date(Date.UTC(2026, 10, 10, 6) - i * 8 * 3600_000).toISOString();
    return storedStory({ id, published, firstSeen: published });
  });
  // Extra stories: the newest, on 11-10 (a late one after its day closed shows up nowhere but the feeds)
  const stories = [...extra.map((id) => storedStory({ id, published: '2026-11-10T09:00:00.000Z', firstSeen: '2026-11-10T09:00:00.000Z' })), ...base];
  return renderSite({
    settings: { title: 'T', description: 'D', baseUrl: 'https://feeds.example.org', language: 'en', maxItems: 5 },
    topics: ['korea-china'],
    sourceConfigs: [],
    timeline: { stories, complete: true },
    sourcesReport: { summary: {}, sources: [] },
    now,
  }).objects;
}

const text = async (o: { Body?: { transformToByteArray(): Promise<Uint8Array> } }) => Buffer.from(await o.Body!.transformToByteArray());

describe('the S3 site sink', () => {
  it('writes the same bytes, Content-Type and Cache-Control as the folder sink of local mode', async () => {
    // Prepare
    const objects = site();
    const name = await bucket();
    const dir = mkdtempSync(join(tmpdir(), 'ws-site-s3-'));
    // Act
    await createS3Sink(aws.s3, name).write(objects);
    await createFolderSink(dir).write(objects);
    // Assess
    const manifest = readManifest(dir);
    expect(objects.map((o) => o.key)).toContain('archive/2026-11-09.xml');
    for (const o of objects) {
      const got = await aws.s3.send(new GetObjectCommand({ Bucket: name, Key: o.key }));
      const bytes = await text(got);
      expect(bytes.equals(readFileSync(join(dir, o.key))), o.key).toBe(true);
      expect([got.ContentType, got.CacheControl], o.key).toEqual([manifest[o.key]!.contentType, manifest[o.key]!.cacheControl]);
      expect([got.ContentType, got.CacheControl], o.key).toEqual([o.contentType, o.cacheControl]);
    }
  });

  it('is answered 304 for If-None-Match with the object\'s ETag, and 200 with another', async () => {
    const name = await bucket();
    await createS3Sink(aws.s3, name).write(site());
    const { ETag } = await aws.s3.send(new HeadObjectCommand({ Bucket: name, Key: 'feed.xml' }));
    const status = (etag: string) =>
      aws.s3.send(new GetObjectCommand({ Bucket: name, Key: 'feed.xml', IfNoneMatch: etag })).then(
        () => 200,
        (err: { $metadata?: { httpStatusCode?: number } }) => err.$metadata?.httpStatusCode,
      );
    expect(await status(ETag!)).toBe(304);
    expect(await status('"0123456789abcdef0123456789abcdef"')).toBe(200);
  });

  it('writes only the objects that changed: none for the same site, the affected ones after a new story', async () => {
    // Prepare
    const name = await bucket();
    const sink = createS3Sink(aws.s3, name);
    const first = await sink.write(site());
    const etagBefore = (await aws.s3.send(new HeadObjectCommand({ Bucket: name, Key: 'feed.xsl' }))).ETag;
    // Act
    const same = await sink.write(site());
    const changed = await sink.write(site(undefined, ['new']));
    // Assess
    expect(first.unchanged).toEqual([]);
    expect(same.written).toEqual([]);
    expect(changed.written).toContain('feed.xml');
    expect(changed.written).toContain('archive/2026-11-10.xml');
    expect(changed.written).not.toContain('feed.xsl');
    expect(changed.written).not.toContain('archive/2026-11-08.xml');
    expect((await aws.s3.send(new HeadObjectCommand({ Bucket: name, Key: 'feed.xsl' }))).ETag).toBe(etagBefore);
  });

  it('never writes a fixed (closed) archive page again once it is stored in its final form', async () => {
    const name = await bucket();
    const sink = createS3Sink(aws.s3, name);
    const later = new Date('2026-11-14T12:00:00Z'); // 11-08 … 11-10 have closed
    await sink.write(site(later));
    const again = await sink.write(site(later, ['late']));
    const fixed = site(later).filter((o) => o.fixed).map((o) => o.key);
    expect(fixed).toContain('archive/2026-11-08.xml');
    for (const k of fixed) expect(again.written).not.toContain(k);
    expect((await aws.s3.send(new HeadObjectCommand({ Bucket: name, Key: 'archive/2026-11-08.xml' }))).CacheControl).toBe('public, max-age=31536000, immutable');
  });

  it('prunes the objects under a prefix that are no longer rendered, and nothing else', async () => {
    const name = await bucket();
    const sink = createS3Sink(aws.s3, name);
    const objects = site();
    await sink.write([...objects, { key: 'topics/removed.xml', body: Buffer.from('<rss/>'), contentType: 'application/xml; charset=utf-8', cacheControl: 'public, max-age=300' }]);
    const deleted = await sink.prune('topics/', new Set(objects.map((o) => o.key)));
    expect(deleted).toEqual(['topics/removed.xml']);
    const left = await aws.s3.send(new ListObjectsV2Command({ Bucket: name }));
    expect(left.Contents?.map((o) => o.Key).sort()).toEqual(objects.map((o) => o.key).sort());
  });

  it('fails with an error naming the object when S3 refuses, and writes nothing of that object', async () => {
    // Prepare — MOCK: moto grants everything; a denied HeadObject is injected
    const name = await bucket();
    const denied = new S3Client({ region: 'us-east-1', endpoint: aws.moto.endpoint, forcePathStyle: true, credentials: MOTO_CREDENTIALS });
    denied.middlewareStack.add(
      (next, ctx) => async (args) => {
        if (ctx.commandName === 'HeadObjectCommand') throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
        return next(args);
      },
      { step: 'initialize', name: 'denyHead' },
    );
    // Act / Assess
    await expect(createS3Sink(denied, name).write(site().slice(0, 1))).rejects.toThrow(/^site: cannot read s3:\/\/site-[a-z0-9]+\/archive\/[\d-]+\.xml: Access Denied$/);
    denied.destroy();
  });
});
