/**
 * cfn-lint (1.51.0, a Python tool: `pip install cfn-lint==1.51.0`) on a template file. Its exit status is a bit
 * field — 2 errors, 4 warnings, 8 informational — and `--format json` lists the findings. CFN_LINT names
 * another binary; without one the tests fail saying so (they never skip).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const CFN_LINT = process.env.CFN_LINT || 'cfn-lint';

export interface LintFinding {
  id: string;
  level: string;
  message: string;
  path: string;
}

export interface LintResult {
  exitCode: number;
  findings: LintFinding[];
}

export const ERROR_BIT = 2;

export async function cfnLint(templateFile: string): Promise<LintResult> {
  try {
    await run(CFN_LINT, ['--version']);
  } catch (err) {
    throw new Error(`cfn-lint is not installed (${(err as Error).message}): pip install cfn-lint==1.51.0, or set CFN_LINT to its path`);
  }
  let stdout: string;
  let exitCode = 0;
  try {
    ({ stdout } = await run(CFN_LINT, ['--format', 'json', '--', templateFile], { maxBuffer: 16 * 1024 * 1024 }));
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    exitCode = e.code;
    stdout = e.stdout ?? '';
    if (!stdout.trim()) throw new Error(`cfn-lint failed (exit ${exitCode}): ${e.stderr}`);
  }
  const raw = JSON.parse(stdout || '[]') as Array<{ Rule: { Id: string }; Level: string; Message: string; Location: { Path?: Array<string | number> } }>;
  return {
    exitCode,
    findings: raw.map((m) => ({ id: m.Rule.Id, level: m.Level, message: m.Message, path: (m.Location.Path ?? []).join('/') })),
  };
}
