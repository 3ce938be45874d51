/** A configured source (one entry of config/sources.yml), validated by src/config.ts. */
export interface SourceConfig {
  /** Stable id: a hash of the feed URL (see sourceIdFor). */
  id: string;
  name: string;
  url: string;
  language?: string;
  /** Normal polling interval in minutes. */
  intervalMinutes: number;
  enabled: boolean;
  /**
   * Read the article page of an item: `auto` when the feed's text is thin or the score is close to the threshold,
   * `always` for every new item, `never` (default `auto`; within the poll's article budget).
   */
  fullText?: FullTextMode;
  /** Publish the article's lead as the item's summary instead of the feed's own (default false). */
  publishLead?: boolean;
  /** Article pages read per poll of this source, at most. */
  articlesPerPoll?: number;
}

export type FullTextMode = 'auto' | 'always' | 'never';
export const FULL_TEXT_MODES: readonly FullTextMode[] = ['auto', 'always', 'never'];
/** Article pages one poll of one source reads at most, unless configured. */
export const DEFAULT_ARTICLES_PER_POLL = 100;

/** Settings for the published feed (config/sources.yml `feed:` block and env). */
export interface FeedSettings {
  title: string;
  description: string;
  /** Public base URL of the service, e.g. https://example.org or http://127.0.0.1:8080 (no trailing slash). */
  baseUrl: string;
  language: string;
  maxItems: number;
  /** WebSub hub URL, when configured. */
  hubUrl?: string;
}
