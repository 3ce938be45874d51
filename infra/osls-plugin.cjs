/**
 * Local osls plugin for wiresieve.
 *  1. Validates config/ (infra/validate-config.ts) before `osls package` / `deploy` / `invoke local`, so a bad
 *     sources.yml or rules.yml stops the deploy with its file, line and key instead of failing every scheduled run.
 *  2. Checks the stack's parameters before packaging (infra/parameters.yml: each CloudFormation parameter's
 *     default is an osls parameter, checked here against its AllowedValues / AllowedPattern, and the pairs that go
 *     together), so a typo stops `npm run package` with the parameter's name instead of failing a deploy halfway.
 *  3. Empties .esbuild/ before packaging (stale bundles would otherwise be zipped).
 *  4. For `osls invoke local`: drops environment values that only exist in a deployed stack (CloudFormation
 *     Ref / Fn::If / Fn::GetAtt — osls would try to resolve them against the deployed stack), so the shell's
 *     TABLE_NAME, DYNAMODB_ENDPOINT, QUEUE_URL, PUBLIC_BASE_URL apply instead, and points CONFIG_DIR at config/
 *     of this checkout (Lambda's /var/task does not exist here).
 *  5. After `osls deploy` (and `osls info`): prints the feed's URL, the stack output FeedUrl, last.
 *  6. After `osls deploy`: invokes `publish` once ({"source":"wiresieve.deploy"}), so the site is rendered by the
 *     code just deployed — an output change reaches readers at once, not at the next story. If it fails the
 *     deploy reports it (the stack itself is deployed; `npx osls invoke -f publish --data '{"source":"wiresieve.deploy"}'`
 *     runs it again).
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
        this.checkParameters();
        validate();
        this.cleanBuild();
      },
      'before:invoke:local:invoke': validate,
      'after:aws:info:gatherData': () => this.showFeedUrl(),
      'after:deploy:deploy': () => this.publishAfterDeploy(),
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

  /** The CloudFormation parameters' defaults (the osls parameters' values), against their own constraints. */
  checkParameters() {
    const resources = this.serverless.service.resources ?? {};
    const problems = parameterProblems(resources.Parameters ?? {}, this.serverless.service.provider?.region);
    if (problems.length) {
      throw new this.serverless.classes.Error(`parameters are invalid, nothing was packaged:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    }
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

  async publishAfterDeploy() {
    const fn = this.serverless.service.getFunction('publish');
    const provider = this.serverless.getProvider('aws');
    const r = await provider.request('Lambda', 'invoke', {
      FunctionName: fn.name,
      InvocationType: 'RequestResponse',
      Payload: JSON.stringify({ source: 'wiresieve.deploy' }),
    });
    const payload = r.Payload ? Buffer.from(r.Payload).toString('utf8') : '';
    if (r.FunctionError) {
      throw new this.serverless.classes.Error(
        `the stack is deployed, but publishing the site with the new code failed: ${payload}\n` +
          `  run it again: npx osls invoke -f publish --data '{"source":"wiresieve.deploy"}'`,
      );
    }
    this.serverless.cli.log(`wiresieve: site published by the new code ${payload}`);
  }

  showFeedUrl() {
    const info = this.serverless.pluginManager.plugins.find((p) => p.constructor?.name === 'AwsInfo');
    const url = (info?.gatheredData?.outputs ?? []).find((o) => o.OutputKey === 'FeedUrl')?.OutputValue;
    if (url) this.serverless.addServiceOutputSection('feed', url);
  }
}

/**
 * Problems with the parameters' defaults, each naming the osls parameter (from "(osls parameter NAME)" in the
 * parameter's Description). Exported for the tests.
 */
function parameterProblems(parameters, region) {
  const problems = [];
  const osls = (name) => /\(osls parameter (\w+)\)/.exec(parameters[name]?.Description ?? '')?.[1] ?? name;
  const value = (name) => String(parameters[name]?.Default ?? '');
  for (const [name, p] of Object.entries(parameters)) {
    const v = value(name);
    const bad =
      (p.AllowedValues && !p.AllowedValues.map(String).includes(v)) ||
      (p.AllowedPattern && !new RegExp(p.AllowedPattern).test(v));
    if (bad) {
      const expected = p.ConstraintDescription ?? (p.AllowedValues ? `one of ${p.AllowedValues.map((x) => `'${x}'`).join(', ')}` : `to match ${p.AllowedPattern}`);
      problems.push(`${osls(name)}: ${JSON.stringify(v)} is not valid: expected ${expected}`);
    }
  }
  const table = value('ExistingTableName');
  const stream = value('ExistingTableStreamArn');
  if (Boolean(table) !== Boolean(stream)) {
    problems.push(`${osls('ExistingTableName')} and ${osls('ExistingTableStreamArn')} go together: give both (the table and its LatestStreamArn) or neither (README "Restore")`);
  } else if (table && stream) {
    const m = /^arn:[^:]+:dynamodb:([^:]+):\d+:table\/([^/]+)\/stream\//.exec(stream);
    if (m && m[2] !== table) problems.push(`${osls('ExistingTableStreamArn')}: the stream is table ${m[2]}'s, not ${table}'s`);
    if (m && region && m[1] !== region) problems.push(`${osls('ExistingTableStreamArn')}: the stream is in ${m[1]}, the stack in ${region}`);
  }
  if (Boolean(value('DomainName')) !== Boolean(value('CertificateArn'))) {
    problems.push(`${osls('DomainName')} and ${osls('CertificateArn')} go together: CloudFront serves a custom domain only with its certificate`);
  }
  if (value('MonthlyBudgetUsd') && !value('AlarmTopicArn')) {
    problems.push(`${osls('MonthlyBudgetUsd')} needs ${osls('AlarmTopicArn')}: the budget notifies that topic`);
  }
  return problems;
}

module.exports = WiresievePlugin;
module.exports.parameterProblems = parameterProblems;
