/**
 * WebSub publisher ping (W3C WebSub §7, "Publishing"): after the feed changed, POST
 * `hub.mode=publish&hub.url=<topic>` (form-encoded, one hub.url per topic) to the hub, so subscribed readers
 * fetch the new items at once instead of at their next poll. A ping is a courtesy: a failing or slow hub is
 * logged and reported, never thrown into the poll.
 */
import type { FeedSettings } from '../core/source';
import type { FeedNotifier, Logger } from '../ports';

export interface WebSubOptions {
  hubUrl: string;
  /** The feed URLs whose `<link rel="hub">` names this hub (e.g. /feed.xml, /feed.atom, /feed.json). */
  topicUrls: string[];
  timeoutMs?: number;
  logger?: Logger;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface WebSubResult {
  ok: boolean;
  status?: number;
  error?: string;
}

export interface WebSubNotifier extends FeedNotifier {
  /** The outcome of the last ping (feedChanged() resolves either way). */
  lastResult?: WebSubResult;
  ping(): Promise<WebSubResult>;
}

export function createWebSubNotifier(opts: WebSubOptions): WebSubNotifier {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const notifier: WebSubNotifier = {
    async ping(): Promise<WebSubResult> {
      if (opts.topicUrls.length === 0) return { ok: true };
      const body = new URLSearchParams([['hub.mode', 'publish'], ...opts.topicUrls.map((u): [string, string] => ['hub.url', u])]);
      let result: WebSubResult;
      try {
        const res = await doFetch(opts.hubUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: body.toString(),
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        await res.body?.cancel();
        // Hubs answer 204 No Content (or 2xx) when they accept the ping.
        result = res.ok ? { ok: true, status: res.status } : { ok: false, status: res.status, error: `websub: hub answered ${res.status}` };
      } catch (err) {
        const e = err as Error;
        const why = e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : e.message;
        result = { ok: false, error: `websub: ping failed: ${why}` };
      }
      if (result.ok) opts.logger?.info('websub: hub pinged', { hubUrl: opts.hubUrl, status: result.status });
      else opts.logger?.warn('websub: hub ping failed', { hubUrl: opts.hubUrl, status: result.status, error: result.error });
      notifier.lastResult = result;
      return result;
    },
    async feedChanged(): Promise<void> {
      await notifier.ping();
    },
  };
  return notifier;
}

/**
 * The notifier for a deployment's feed settings, or undefined when no hub is configured. The topics are the
 * main feed in all three formats (the documents whose `<link rel="hub">` names the hub).
 */
export function webSubNotifierFor(settings: Pick<FeedSettings, 'baseUrl' | 'hubUrl'>, logger?: Logger): WebSubNotifier | undefined {
  if (!settings.hubUrl) return undefined;
  const topicUrls = ['/feed.xml', '/feed.atom', '/feed.json'].map((p) => settings.baseUrl + p);
  return createWebSubNotifier({ hubUrl: settings.hubUrl, topicUrls, logger });
}
