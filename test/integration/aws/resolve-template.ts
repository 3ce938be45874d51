/**
 * The template as CloudFormation would make it with the parameters' defaults (osls deploys with no parameter
 * values): conditions evaluated, resources and outputs whose condition is false left out, every Fn::If replaced
 * by its branch, every Ref to a parameter by its value (Fn::Sub strings are left as they are). Fn::Equals, Fn::Not, Fn::And, Fn::Or over Refs to parameters and literals — what ours use.
 */
import type { Template } from './cfn-check';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function resolveTemplate(t: Template): Template {
  const params = (t.Parameters ?? {}) as Record<string, { Default?: Json }>;
  const conditions = (t.Conditions ?? {}) as Record<string, Json>;
  const value = (v: Json): Json => {
    if (v && typeof v === 'object' && !Array.isArray(v) && 'Ref' in v && typeof v.Ref === 'string' && v.Ref in params) return params[v.Ref]!.Default ?? '';
    return v;
  };
  const cache = new Map<string, boolean>();
  const truth = (c: Json): boolean => {
    if (typeof c === 'string') return condition(c);
    const [fn, args] = Object.entries(c as Record<string, Json[]>)[0]!;
    if (fn === 'Fn::Equals') return JSON.stringify(value(args[0]!)) === JSON.stringify(value(args[1]!));
    if (fn === 'Fn::Not') return !truth(args[0]!);
    if (fn === 'Fn::And') return args.every(truth);
    if (fn === 'Fn::Or') return args.some(truth);
    if (fn === 'Condition') return condition(args as unknown as string);
    throw new Error(`resolveTemplate: unsupported condition function ${fn}`);
  };
  const condition = (name: string): boolean => {
    if (!cache.has(name)) cache.set(name, truth(conditions[name]!));
    return cache.get(name)!;
  };
  const walk = (v: Json): Json | undefined => {
    if (Array.isArray(v)) return v.map(walk).filter((x) => x !== undefined) as Json[];
    if (v === null || typeof v !== 'object') return v;
    if ('Fn::If' in v) {
      const [c, yes, no] = v['Fn::If'] as [string, Json, Json];
      return walk(condition(c) ? yes : no);
    }
    if (v.Ref === 'AWS::NoValue') return undefined;
    if (typeof v.Ref === 'string' && v.Ref in params) return value(v);
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) {
      const w = walk(x);
      if (w !== undefined) out[k] = w;
    }
    return out;
  };
  const keep = (section: unknown): Record<string, Json> =>
    Object.fromEntries(
      Object.entries((section ?? {}) as Record<string, { Condition?: string }>)
        .filter(([, r]) => !r.Condition || condition(r.Condition))
        .map(([k, r]) => [k, walk(r as Json) as Json]),
    );
  return { ...t, Resources: keep(t.Resources) as unknown as Template['Resources'], Outputs: keep(t.Outputs) };
}
