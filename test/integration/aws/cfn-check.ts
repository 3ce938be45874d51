/**
 * Offline checks of a CloudFormation template against the CloudFormation resource specification
 * (@aws-cdk/aws-service-spec): unknown resource types, unknown or missing required properties (recursively
 * through property types), and dangling Ref / Fn::GetAtt / Fn::Sub / condition / DependsOn references. Values
 * that are intrinsic functions are not type-checked. Returns findings; an empty list means the template passed.
 */
import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';
import type { SpecDatabase } from '@aws-cdk/service-spec-types';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export interface TemplateResource {
  Type: string;
  Properties?: Record<string, Json>;
  [k: string]: Json | undefined;
}
export interface Template {
  Resources: Record<string, TemplateResource>;
  Parameters?: Json;
  Conditions?: Json;
  Outputs?: Json;
  [k: string]: unknown;
}

interface PropertyType {
  type: string;
  element?: PropertyType;
  types?: PropertyType[];
  reference?: { $ref: string };
}
interface PropertySpec {
  required?: boolean;
  type: PropertyType;
}

let db: Promise<SpecDatabase> | undefined;
const spec = (): Promise<SpecDatabase> => (db ??= loadAwsServiceSpec());

const PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);
const RESOURCE_KEYS = new Set(['Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata', 'UpdatePolicy', 'CreationPolicy']);
const POLICIES = new Set(['Delete', 'Retain', 'Snapshot', 'RetainExceptOnCreate']);

const isIntrinsic = (v: Json): boolean =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && /^(Ref|Fn::.+|Condition)$/.test(Object.keys(v)[0] as string);

export async function checkTemplate(t: Template): Promise<string[]> {
  const s = await spec();
  const findings: string[] = [];
  const resources = t.Resources ?? {};
  const params = new Set(Object.keys((t.Parameters as Record<string, Json>) ?? {}));
  const conditions = new Set(Object.keys((t.Conditions as Record<string, Json>) ?? {}));
  const attributesOf = new Map<string, Set<string>>();

  for (const [id, r] of Object.entries(resources)) {
    const [res] = s.lookup('resource', 'cloudFormationType', 'equals', r.Type);
    if (!res) {
      findings.push(`${id}: unknown resource type ${r.Type}`);
      continue;
    }
    attributesOf.set(id, new Set(Object.keys(res.attributes)));
    for (const k of Object.keys(r)) if (!RESOURCE_KEYS.has(k)) findings.push(`${id}: unknown resource key ${k}`);
    for (const k of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
      const v = r[k];
      if (v !== undefined && !POLICIES.has(v as string)) findings.push(`${id}: ${k} must be one of ${[...POLICIES].join(', ')}, not ${JSON.stringify(v)}`);
    }
    checkObject(s, `${id}.Properties`, r.Properties ?? {}, res.properties as Record<string, PropertySpec>, findings);
  }

  // references, anywhere in the template
  const refOk = (name: string): boolean => name in resources || params.has(name) || PSEUDO.has(name);
  const walk = (path: string, v: Json | undefined, subVars: Set<string> = new Set()): void => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x, i) => walk(`${path}[${i}]`, x, subVars));
    for (const [k, x] of Object.entries(v)) {
      if (k === 'Ref' && typeof x === 'string' && !refOk(x)) findings.push(`${path}: Ref to unknown ${x}`);
      if (k === 'Fn::GetAtt') {
        const [res, attr] = Array.isArray(x) ? (x as string[]) : String(x).split(/\.(.*)/s);
        if (!res || !(res in resources)) findings.push(`${path}: Fn::GetAtt on unknown resource ${res}`);
        else if (typeof attr === 'string' && attributesOf.has(res) && !attributesOf.get(res)!.has(attr)) {
          findings.push(`${path}: Fn::GetAtt ${res}.${attr}: ${resources[res]!.Type} has no attribute ${attr}`);
        }
      }
      if (k === 'Fn::Sub') {
        const [text, vars] = Array.isArray(x) ? [x[0] as string, (x[1] ?? {}) as Record<string, Json>] : [x as string, {}];
        const local = new Set(Object.keys(vars));
        for (const m of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const [name, attr] = (m[1] as string).split(/\.(.*)/s) as [string, string | undefined];
          if (local.has(m[1] as string)) continue;
          if (attr === undefined ? !refOk(name) : !(name in resources)) findings.push(`${path}: Fn::Sub reference \${${m[1]}} is unknown`);
          else if (attr !== undefined && attributesOf.has(name) && !attributesOf.get(name)!.has(attr)) findings.push(`${path}: Fn::Sub \${${m[1]}}: no attribute ${attr}`);
        }
        if (Array.isArray(x)) walk(`${path}.Fn::Sub`, x[1] as Json, local);
        continue;
      }
      if (k === 'Fn::If' && Array.isArray(x) && !conditions.has(x[0] as string)) findings.push(`${path}: Fn::If on unknown condition ${x[0]}`);
      if (k === 'Condition' && typeof x === 'string' && !conditions.has(x)) findings.push(`${path}: unknown condition ${x}`);
      walk(`${path}.${k}`, x, subVars);
    }
  };
  for (const [id, r] of Object.entries(resources)) {
    walk(id, r as unknown as Json);
    for (const d of [r.DependsOn ?? []].flat()) if (typeof d === 'string' && !(d in resources)) findings.push(`${id}: DependsOn unknown ${d}`);
  }
  walk('Outputs', t.Outputs);
  walk('Conditions', t.Conditions);
  return findings;
}

function checkObject(s: SpecDatabase, path: string, value: Record<string, Json>, props: Record<string, PropertySpec>, findings: string[]): void {
  for (const [name, p] of Object.entries(props)) {
    if (p.required && value[name] === undefined) findings.push(`${path}: missing required property ${name}`);
  }
  for (const [name, v] of Object.entries(value)) {
    const p = props[name];
    if (!p) findings.push(`${path}: unknown property ${name}`);
    else checkValue(s, `${path}.${name}`, v, p.type, findings);
  }
}

function checkValue(s: SpecDatabase, path: string, v: Json, type: PropertyType, findings: string[]): void {
  if (isIntrinsic(v)) return;
  switch (type.type) {
    case 'union': {
      // Accept the value if any member accepts it.
      const results = (type.types ?? []).map((t) => {
        const f: string[] = [];
        checkValue(s, path, v, t, f);
        return f;
      });
      if (results.length && results.every((f) => f.length > 0)) findings.push(...(results.find((f) => f.length) ?? []));
      return;
    }
    case 'json':
      return;
    case 'array':
      if (!Array.isArray(v)) return void findings.push(`${path}: expected a list`);
      return v.forEach((x, i) => checkValue(s, `${path}[${i}]`, x, type.element!, findings));
    case 'map':
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return void findings.push(`${path}: expected a mapping`);
      return Object.entries(v).forEach(([k, x]) => checkValue(s, `${path}.${k}`, x, type.element!, findings));
    case 'ref': {
      const def = s.get('typeDefinition', type.reference!.$ref) as unknown as { properties: Record<string, PropertySpec> };
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return void findings.push(`${path}: expected a mapping`);
      return checkObject(s, path, v, def.properties, findings);
    }
    case 'string':
    case 'date-time':
      if (typeof v !== 'string' && typeof v !== 'number') findings.push(`${path}: expected a string`);
      return;
    case 'integer':
    case 'number':
      if (typeof v !== 'number' && !(typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)))) findings.push(`${path}: expected a number`);
      return;
    case 'boolean':
      if (typeof v !== 'boolean' && v !== 'true' && v !== 'false') findings.push(`${path}: expected a boolean`);
      return;
    case 'tag':
      if (v === null || typeof v !== 'object' || !('Key' in v)) findings.push(`${path}: expected a tag`);
      return;
    default:
      return;
  }
}
