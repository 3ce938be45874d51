/** Compiler phase 1: `groups:` (named term sets, with `$OTHER` includes) and `ignore:` (trap phrases). */
import { isMap, isScalar, isSeq, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { CompileContext } from './compile-context';

export function compileGroups(ctx: CompileContext, root: YAMLMap): void {
  const groupsNode = root.get('groups', true) as YamlNode | undefined;
  if (groupsNode === undefined) return;
  if (!isMap(groupsNode)) ctx.fail(ctx.at(groupsNode), 'groups: expected a mapping NAME: [terms]', 'a mapping');
  const { program } = ctx;
  for (const pair of (groupsNode as YAMLMap).items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const keyAt = ctx.at(pair.key as YamlNode);
    if (!/^[A-Z][A-Z0-9_]*$/.test(name) || ['AND', 'OR', 'NOT'].includes(name)) {
      ctx.fail(keyAt, `groups: expected an upper-case group name (A-Z, 0-9, _), found "${name}"`, 'a group name');
    }
    const list = pair.value as YamlNode | null;
    if (!isSeq(list) || list.items.length === 0) {
      ctx.fail(ctx.at(list) || keyAt, `groups: ${name}: expected a non-empty list of terms`, 'a list of terms');
    }
    const set = program.setGroup.length;
    program.setGroup.push(name);
    ctx.groupSets.set(name, set);
    ctx.groupUsed.set(name, false);
    for (const item of (list as { items: YamlNode[] }).items) {
      const include = isScalar(item) && typeof item.value === 'string' ? /^\$([A-Z][A-Z0-9_]*)$/.exec(item.value.trim()) : null;
      if (!include) {
        const term = ctx.termAt(item, `groups: ${name}`);
        if (term) ctx.addTerm(term, [set], false);
        continue;
      }
      // `$OTHER` includes every term of a group defined above (and of the groups it includes).
      const other = ctx.groupSets.get(include[1]!);
      if (other === undefined || other === set) {
        ctx.fail(ctx.at(item), `groups: ${name}: $${include[1]} must name a group defined above this one`, 'a group defined above');
      }
      ctx.groupUsed.set(include[1]!, true);
      for (const sets of program.termSets) if (sets.includes(other!)) sets.push(set);
    }
  }
}

export function compileIgnore(ctx: CompileContext, root: YAMLMap): void {
  const ignoreNode = root.get('ignore', true) as YamlNode | undefined;
  if (ignoreNode === undefined) return;
  if (!isSeq(ignoreNode)) ctx.fail(ctx.at(ignoreNode), 'ignore: expected a list of phrases', 'a list');
  for (const item of (ignoreNode as { items: YamlNode[] }).items) {
    const term = ctx.termAt(item, 'ignore');
    if (term) ctx.addTerm(term, [], true);
  }
}
