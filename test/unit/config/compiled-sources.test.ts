/**
 * The source list compiled at package time (config/.compiled/sources.json, read by poll and dispatch at cold
 * start) is the list the YAML gives, and is only believed while it matches the file.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSourcesFile } from '../../../src/config';
import { compiledSourcesFile, loadSourcesCompiled, writeCompiledSources } from '../../../src/services/compiled-sources';

const SHIPPED = join(import.meta.dirname, '../../../config/sources.yml');
let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('compiled sources', () => {
  it('are the YAML file\'s sources, and are ignored once the file changed or when missing', () => {
    dir = mkdtempSync(join(tmpdir(), 'ws-sources-'));
    const file = join(dir, 'sources.yml');
    copyFileSync(SHIPPED, file);
    writeCompiledSources(file);
    expect(loadSourcesCompiled(file)).toEqual(loadSourcesFile(file));
    // A snapshot that says something else is believed only while its digest matches the file.
    const snap = JSON.parse(readFileSync(compiledSourcesFile(file), 'utf8'));
    snap.sources.sources = snap.sources.sources.slice(0, 1);
    writeFileSync(compiledSourcesFile(file), JSON.stringify(snap));
    expect(loadSourcesCompiled(file).sources).toHaveLength(1);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n# edited\n`);
    expect(loadSourcesCompiled(file)).toEqual(loadSourcesFile(file));
    rmSync(compiledSourcesFile(file));
    expect(loadSourcesCompiled(file)).toEqual(loadSourcesFile(file));
  });
});
