/** Package-time validation of config/: a bad rule or source fails `osls package` / `deploy`, not the schedule. */
import { createRequire } from 'node:module';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../infra/validate-config';
import { packagingLock, ROOT } from './package';

function configCopy(edit: (files: { sources: string; rules: string }) => { sources?: string; rules?: string }): string {
  const dir = mkdtempSync(join(tmpdir(), 'ws-config-'));
  cpSync(join(ROOT, 'config'), dir, { recursive: true });
  const changed = edit({ sources: readFileSync(join(dir, 'sources.yml'), 'utf8'), rules: readFileSync(join(dir, 'rules.yml'), 'utf8') });
  if (changed.sources !== undefined) writeFileSync(join(dir, 'sources.yml'), changed.sources);
  if (changed.rules !== undefined) writeFileSync(join(dir, 'rules.yml'), changed.rules);
  return dir;
}

const BROKEN: Array<[string, Parameters<typeof configCopy>[0], RegExp]> = [
  ['an unbalanced rule expression', ({ rules }) => ({ rules: rules.replace(/^topics:\n/m, 'topics:\n  broken: (CHINA AND\n') }), /rules\.yml:\d+:\d+/],
  ['an unknown group in a rule', ({ rules }) => ({ rules: rules.replace(/^topics:\n/m, 'topics:\n  broken: NO_SUCH_GROUP\n') }), /rules\.yml:\d+:\d+.*NO_SUCH_GROUP/],
  ['a source without a URL', ({ sources }) => ({ sources: sources.replace(/^(\s+)url: https:\/\/en\.yna\.co\.kr\/RSS\/nk\.xml\n/m, '') }), /sources\.yml:\d+:\d+: config: sources\[1\]\.url/],
];

describe('validateConfig', () => {
  it('accepts the shipped config/', () => {
    expect(validateConfig(join(ROOT, 'config'))).toMatch(/^config ok: \d+ sources \(\d+ enabled\), \d+ topics/);
  });

  it.each(BROKEN)('refuses %s, naming file and line', (_name, edit, expected) => {
    // Prepare
    const dir = configCopy(edit);
    // Act / Assess
    expect(() => validateConfig(dir)).toThrow(expected);
  });
});

describe('the osls plugin', () => {
  const Plugin = createRequire(import.meta.url)('../../../infra/osls-plugin.cjs');
  const fakeServerless = (configDir: string, logs: string[]) => ({
    serviceDir: ROOT,
    service: { custom: { configDir } },
    classes: { Error: class ServerlessError extends Error {} },
    cli: { log: (l: string) => logs.push(l) },
  });

  it('stops packaging on a bad rule file, with its location', () => {
    // Prepare
    const dir = configCopy(BROKEN[0]![1]);
    const plugin = new Plugin(fakeServerless(dir, []));
    // Act / Assess
    expect(() => plugin.hooks['before:package:initialize']()).toThrow(/config is invalid, nothing was packaged:[\s\S]*rules\.yml:\d+/);
  });

  it('lets a valid config through', async () => {
    // Prepare
    const logs: string[] = [];
    const plugin = new Plugin(fakeServerless(join(ROOT, 'config'), logs));
    // Act: the hook empties .esbuild/ as packaging does, so it holds the packaging lock like a package
    await packagingLock(async () => plugin.hooks['before:package:initialize']());
    // Assess
    expect(logs.join('\n')).toContain('config ok');
  });

  // MOCK: osls's AWS provider, which would call Lambda's Invoke; moto runs no Lambda code (test/deploy runs the
  // published bundle itself). What is checked is the call the hook makes and how it reports a failure.
  const deployedWith = (answer: { FunctionError?: string; Payload?: Uint8Array }, calls: unknown[][], logs: string[]) => ({
    ...fakeServerless('config', logs),
    service: { custom: {}, getFunction: (name: string) => ({ name: `wiresieve-prod-${name}` }) },
    getProvider: () => ({ request: async (...args: unknown[]) => (calls.push(args), answer) }),
  });

  it('publishes the site with the new code after every deploy', async () => {
    const calls: unknown[][] = [];
    const logs: string[] = [];
    const plugin = new Plugin(deployedWith({ Payload: new TextEncoder().encode('{"scope":"site","written":3,"unchanged":40}') }, calls, logs));
    await plugin.hooks['after:deploy:deploy']();
    expect(calls).toEqual([['Lambda', 'invoke', { FunctionName: 'wiresieve-prod-publish', InvocationType: 'RequestResponse', Payload: '{"source":"wiresieve.deploy"}' }]]);
    expect(logs.join('\n')).toContain('site published by the new code {"scope":"site","written":3,"unchanged":40}');
  });

  it('fails the deploy command, saying the stack is deployed and how to publish again, when that publish fails', async () => {
    const plugin = new Plugin(deployedWith({ FunctionError: 'Unhandled', Payload: new TextEncoder().encode('{"errorType":"TimelineLagError"}') }, [], []));
    await expect(plugin.hooks['after:deploy:deploy']()).rejects.toThrow(/the stack is deployed, but publishing the site with the new code failed: \{"errorType":"TimelineLagError"\}[\s\S]*npx osls invoke -f publish/);
  });

  it('makes invoke local use the shell environment instead of stack-only values', () => {
    // Prepare
    const fn = { environment: { QUEUE_URL: { Ref: 'PollQueue' }, PLAIN: 'x' } };
    const sls = { ...fakeServerless('config', []), processedInput: { commands: ['invoke', 'local'] }, service: { provider: { environment: { TABLE_NAME: { Ref: 'Table' }, A: 'b' } }, functions: { poll: fn }, custom: {} } };
    // Act
    new Plugin(sls).hooks.initialize();
    // Assess
    expect(sls.service.provider.environment).toEqual({ A: 'b' });
    expect(sls.service.functions.poll.environment).toEqual({ PLAIN: 'x', CONFIG_DIR: join(ROOT, 'config') });
  });
});

describe('event fixtures for `osls invoke local`', () => {
  it('poll-sqs.json names a source of config/sources.yml', async () => {
    // Prepare
    const { loadSourcesFile } = await import('../../../src/config');
    const event = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/events/poll-sqs.json'), 'utf8')) as { Records: Array<{ body: string }> };
    // Act
    const ids = event.Records.map((r) => (JSON.parse(r.body) as { sourceId: string }).sourceId);
    // Assess
    const configured = loadSourcesFile(join(ROOT, 'config/sources.yml')).sources.map((s) => s.id);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(configured).toContain(id);
  });
});
