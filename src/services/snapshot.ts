/**
 * Package-time snapshots of what a config file holds (the compiled rules, the source list): `.compiled/<name>.json`
 * beside the file, `{ digest, <field>: value }`, where the digest is the sha256 of the format's name and version and
 * of the file's text. A snapshot is believed only while its digest matches the file as it is now, so a missing,
 * stale or unreadable one only costs the caller its own parse or compile. No other imports: dispatch's bundle
 * takes this in without the rules compiler.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface SnapshotFormat {
  /** The file's name under `.compiled/` and the digest's prefix. */
  name: string;
  /** Bump when the value changes shape or meaning: older snapshots are then ignored. */
  version: number;
  /** The key the value is stored under. */
  field: string;
}

export function snapshotFile(configFile: string, format: SnapshotFormat): string {
  return join(dirname(configFile), `.compiled/${format.name}.json`);
}

function digest(format: SnapshotFormat, text: string): string {
  return createHash('sha256').update(`wiresieve-${format.name}-v${format.version}\0`).update(text).digest('hex');
}

/** Writes `value`, what `text` (the config file's content) holds; returns the file written. */
export function writeSnapshot(configFile: string, format: SnapshotFormat, text: string, value: unknown): string {
  const out = snapshotFile(configFile, format);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ digest: digest(format, text), [format.field]: value })}\n`);
  return out;
}

/** The snapshot's value when it was made from `text`, else undefined. */
export function readSnapshot<T>(configFile: string, format: SnapshotFormat, text: string): T | undefined {
  let snapshot: Record<string, unknown> & { digest?: string };
  try {
    snapshot = JSON.parse(readFileSync(snapshotFile(configFile, format), 'utf8')) as typeof snapshot;
  } catch {
    return undefined; // none, or unreadable
  }
  return snapshot.digest === digest(format, text) ? (snapshot[format.field] as T) : undefined;
}
