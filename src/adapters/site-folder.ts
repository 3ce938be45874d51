/**
 * The site in a folder (local mode): each object as a file under its key, with `.gz` and `.br` copies beside it
 * for the static server to send precompressed, and a manifest (`.site.json`: each key's SHA-256, Content-Type
 * and Cache-Control) that the server reads for the headers and this sink for what changed. Files are written to
 * a temporary name and renamed, so a reader never sees half a file; the manifest goes last (first when pruning).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { SiteObject } from '../core/site';
import type { SiteSink, SiteWriteResult } from '../ports';

export const MANIFEST = '.site.json';

export interface StoredHeaders {
  sha256: string;
  contentType: string;
  cacheControl: string;
}

export type Manifest = Record<string, StoredHeaders>;

export const sha256 = (body: Buffer): string => createHash('sha256').update(body).digest('hex');

/** True when the stored object already is this one (or, for a fixed object, is already in its final form). */
export function isUnchanged(stored: StoredHeaders | undefined, obj: SiteObject, hash: string): boolean {
  if (!stored) return false;
  if (obj.fixed && stored.cacheControl === obj.cacheControl) return true;
  return stored.sha256 === hash && stored.contentType === obj.contentType && stored.cacheControl === obj.cacheControl;
}

export function readManifest(dir: string): Manifest {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return {};
  }
}

export function createFolderSink(dir: string): SiteSink {
  let tmp = 0;
  const put = (file: string, body: Buffer): void => {
    mkdirSync(dirname(file), { recursive: true });
    const t = join(dirname(file), `.tmp-${process.pid}-${tmp++}`);
    writeFileSync(t, body);
    renameSync(t, file);
  };
  return {
    async write(objects: SiteObject[]): Promise<SiteWriteResult> {
      const manifest = readManifest(dir);
      const written: string[] = [];
      const unchanged: string[] = [];
      for (const obj of objects) {
        const hash = sha256(obj.body);
        if (isUnchanged(manifest[obj.key], obj, hash)) {
          unchanged.push(obj.key);
          continue;
        }
        const file = join(dir, obj.key);
        put(`${file}.gz`, gzipSync(obj.body, { level: 9 }));
        put(`${file}.br`, brotliCompressSync(obj.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: obj.body.length } }));
        put(file, obj.body);
        manifest[obj.key] = { sha256: hash, contentType: obj.contentType, cacheControl: obj.cacheControl };
        written.push(obj.key);
      }
      if (written.length) put(join(dir, MANIFEST), Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`));
      return { written, unchanged };
    },
    async prune(prefix: string, keep: Set<string>): Promise<string[]> {
      const manifest = readManifest(dir);
      const gone = Object.keys(manifest).filter((k) => k.startsWith(prefix) && !keep.has(k));
      for (const key of gone) {
        // The manifest first: the server stops answering for the key before its files go.
        delete manifest[key];
        put(join(dir, MANIFEST), Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`));
        for (const f of [key, `${key}.gz`, `${key}.br`]) rmSync(join(dir, f), { force: true });
      }
      return gone;
    },
  };
}
