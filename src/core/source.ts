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
}

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
