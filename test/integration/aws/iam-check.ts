/**
 * Least-privilege checks on the synthesized template: every function has its own role; no wildcard actions;
 * no "*" resources; each role's actions are within what its function does.
 */
import type { Template } from './cfn-check';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };

/** What each function may do, at most. */
export const ALLOWED_ACTIONS: Record<string, string[]> = {
  DispatchLambdaFunction: ['logs:CreateLogStream', 'logs:PutLogEvents', 'dynamodb:Query', 'sqs:SendMessage'],
  PollLambdaFunction: [
    'logs:CreateLogStream', 'logs:PutLogEvents',
    'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query',
    'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes',
  ],
  PublishLambdaFunction: [
    'logs:CreateLogStream', 'logs:PutLogEvents', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem',
    'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams',
    's3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket',
  ],
};

/** Actions that have no resource type, for which AWS requires "Resource": "*". */
const NO_RESOURCE_TYPE = new Set(['dynamodb:ListStreams']);

export function roleOf(t: Template, fn: string): string | undefined {
  const role = t.Resources[fn]?.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined;
  return role?.['Fn::GetAtt']?.[0];
}

export function statementsOf(t: Template, roleId: string): Statement[] {
  const policies = (t.Resources[roleId]?.Properties?.Policies ?? []) as Array<{ PolicyDocument: { Statement: Statement[] } }>;
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}

export function actionsOf(t: Template, roleId: string): string[] {
  return statementsOf(t, roleId).filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action].flat());
}

/** A statement whose table writes are limited to story items (partition keys STORY#…). */
function storiesOnly(s: Statement): boolean {
  const keys = s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
  return Array.isArray(keys) && keys.length > 0 && keys.every((k) => typeof k === 'string' && k.startsWith('STORY#'));
}

export function iamFindings(t: Template): string[] {
  const findings: string[] = [];
  const fns = Object.entries(t.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function').map(([id]) => id);
  const roles = new Map<string, string>();
  for (const fn of fns) {
    const role = roleOf(t, fn);
    if (!role) findings.push(`${fn}: no role of this stack`);
    else if (roles.has(role)) findings.push(`${fn}: shares role ${role} with ${roles.get(role)}`);
    else roles.set(role, fn);
  }
  for (const [id, r] of Object.entries(t.Resources)) {
    if (r.Type !== 'AWS::IAM::Role') continue;
    if (r.Properties?.ManagedPolicyArns) findings.push(`${id}: managed policies are not reviewed here; inline statements only`);
    const fn = [...roles].find(([role]) => role === id)?.[1];
    if (!fn) findings.push(`${id}: role used by no function`);
    for (const s of statementsOf(t, id)) {
      const actions = [s.Action].flat();
      for (const a of actions) {
        if (a.includes('*')) findings.push(`${id}: wildcard action ${a}`);
        if (fn && ALLOWED_ACTIONS[fn] && !ALLOWED_ACTIONS[fn].includes(a)) findings.push(`${id}: ${fn} does not need ${a}`);
        if (a.startsWith('s3:') && !JSON.stringify(s.Resource).includes('SiteBucket')) findings.push(`${id}: ${fn} may ${a} only on the site bucket`);
        if (fn === 'PublishLambdaFunction' && a === 'dynamodb:PutItem' && !storiesOnly(s)) findings.push(`${id}: ${fn} may ${a} only on STORY# keys`);
      }
      for (const res of [s.Resource].flat()) {
        if (res === '*' && !actions.every((a) => NO_RESOURCE_TYPE.has(a))) findings.push(`${id}: "Resource": "*" for ${actions.join(', ')}`);
      }
    }
  }
  return findings;
}
