/**
 * Local osls plugin for wiresieve.
 *  1. Validates config/ (infra/validate-config.ts) before `osls package` / `deploy` / `invoke local` /
 *     `offline`, so a bad sources.yml or rules.yml stops the deploy with its file, line and key instead of
 *     failing every scheduled run.
 *  2. Empties .esbuild/ before packaging (stale bundles would otherwise be zipped).
 *  3. For `osls invoke local`: drops environment values that only exist in a deployed stack (CloudFormation
 *     Ref / Fn::If / Fn::GetAtt — osls would try to resolve them against the deployed stack), so the shell's
 *     TABLE_NAME, DYNAMODB_ENDPOINT, QUEUE_URL, PUBLIC_BASE_URL apply instead, and points CONFIG_DIR at config/
 *     of this checkout (Lambda's /var/task does not exist here).
 */
'use strict';

const { spawnSync } = require('node:child_process');
const { rmSync } = require('node:fs');
const path = require('node:path');

class WiresievePlugin {
  constructor(serverless) {
    this.serverless = serverless;
    const validate = () => this.validate();
    this.hooks = {
      initialize: () => this.prepareInvokeLocal(),
      'before:package:initialize': () => {
        validate();
        this.cleanBuild();
      },
      'before:invoke:local:invoke': validate,
      'before:offline:start:init': validate,
    };
  }

  get serviceDir() {
    return this.serverless.serviceDir || this.serverless.config.servicePath;
  }

  validate() {
    const dir = this.serviceDir;
    // custom.configDir exists for the plugin's own test; the package always ships config/.
    const configDir = path.resolve(dir, this.serverless.service.custom?.configDir ?? 'config');
    const r = spawnSync(process.execPath, [path.join(dir, 'bin/run-ts.js'), path.join(dir, 'infra/validate-config.ts'), configDir], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      throw new this.serverless.classes.Error(`config is invalid, nothing was packaged:\n${(r.stderr || r.stdout || String(r.error)).trim()}`);
    }
    this.serverless.cli.log((r.stdout || '').trim());
  }

  /**
   * serverless-esbuild keeps its output folder (keepOutputDirectory, for the metafiles) and never empties it,
   * so a bundle renamed since the last build would be zipped too: start every package from an empty folder.
   */
  cleanBuild() {
    rmSync(path.join(this.serviceDir, '.esbuild'), { recursive: true, force: true });
  }

  prepareInvokeLocal() {
    const commands = this.serverless.processedInput?.commands ?? [];
    if (commands.join(' ') !== 'invoke local') return;
    const service = this.serverless.service;
    const localOnly = (env) => {
      for (const [k, v] of Object.entries(env ?? {})) if (v !== null && typeof v === 'object') delete env[k];
    };
    localOnly(service.provider.environment);
    for (const fn of Object.values(service.functions ?? {})) {
      localOnly(fn.environment);
      if (!process.env.CONFIG_DIR) fn.environment = { ...fn.environment, CONFIG_DIR: path.join(this.serviceDir, 'config') };
    }
  }
}

module.exports = WiresievePlugin;
