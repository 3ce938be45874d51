/**
 * Two real feed readers, run against a feed URL: newsboat (its SQLite cache read back) and the Universal Feed
 * Parser (python3-feedparser). Both are Debian packages; .ci/run installs them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ReaderItem {
  title: string;
  link: string;
  /** Unix seconds (UTC). */
  date: number;
}

const PY_NEWSBOAT = `
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = c.execute("select title, url, pubDate from rss_item where feedurl=? order by pubDate desc", (sys.argv[2],)).fetchall()
print(json.dumps([{"title": t, "link": u, "date": int(d)} for t, u, d in rows]))
`;

const PY_FEEDPARSER = `
import calendar, json, sys, feedparser
d = feedparser.parse(sys.argv[1])
out = [{"title": e.get("title", ""), "link": e.get("link", ""), "date": calendar.timegm(e.published_parsed) if e.get("published_parsed") else (calendar.timegm(e.updated_parsed) if e.get("updated_parsed") else 0)} for e in d.entries]
print(json.dumps({"bozo": bool(d.bozo), "bozo_exception": str(d.get("bozo_exception", "")), "version": d.version, "items": out}))
`;

export function readWithNewsboat(url: string): ReaderItem[] {
  const dir = mkdtempSync(join(tmpdir(), 'newsboat-'));
  try {
    writeFileSync(join(dir, 'urls'), `${url}\n`);
    writeFileSync(join(dir, 'config'), '');
    execFileSync('newsboat', ['-q', '-u', join(dir, 'urls'), '-c', join(dir, 'cache.db'), '-C', join(dir, 'config'), '-x', 'reload'], {
      env: { ...process.env, HOME: dir },
      timeout: 60_000,
      stdio: 'pipe',
    });
    return JSON.parse(execFileSync('/usr/bin/python3', ['-c', PY_NEWSBOAT, join(dir, 'cache.db'), url], { encoding: 'utf8' })) as ReaderItem[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function readWithFeedparser(url: string): { bozo: boolean; bozo_exception: string; version: string; items: ReaderItem[] } {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', PY_FEEDPARSER, url], { encoding: 'utf8', timeout: 60_000 }));
}
