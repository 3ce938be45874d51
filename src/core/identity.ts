/**
 * Story identity. The id is an explicit fallback chain (cf. Miniflux): canonical link → GUID → title+content,
 * because some feeds ship the same GUID for every entry while links are usually stable, and some feeds have
 * neither. Ids are `sha256` hex prefixes, so they fit DynamoDB keys and `urn:` ids in Atom.
 *
 * (Issue "dedupe" owns this file and deepens canonicalUrl.)
 */
import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Canonical form of a link: lower-case scheme/host, no fragment, no default port. */
export function canonicalUrl(link: string): string {
  try {
    const u = new URL(link);
    u.hash = '';
    return u.toString();
  } catch {
    return link.trim();
  }
}

export interface IdentityInput {
  canonicalUrl: string;
  guid?: string;
  title: string;
  content?: string;
  sourceId: string;
}

export function storyId(i: IdentityInput): string {
  if (i.canonicalUrl) return sha256Hex(`url:${i.canonicalUrl}`).slice(0, 32);
  if (i.guid) return sha256Hex(`guid:${i.sourceId}:${i.guid}`).slice(0, 32);
  return sha256Hex(`text:${i.sourceId}:${i.title}\n${i.content ?? ''}`).slice(0, 32);
}
