import { relative } from 'node:path';
import { PLAN_FILE, PROJECT_ROOT } from '../paths.js';
import { loadYamlFile, type FieldProblem } from './load-yaml.js';
import { Plan, type PlanItem } from './schema/plan.js';

/** An item with where it sits in the tree (its path of ids, for messages and grouping). */
export interface PlacedItem extends PlanItem {
  part: string;
  module?: string;
  group?: string;
  /** 0-based position in the plan's order. */
  index: number;
}

export interface LoadPlanOptions {
  planFile?: string;
  /** When given, every lab an item links must be one of these (a link to a missing lab is a located error). */
  labIds?: readonly string[];
}

/** Loads labs/plan.yaml; ids must be unique and nest under their parent's id. */
export async function loadPlan(options: LoadPlanOptions = {}): Promise<Plan> {
  const file = options.planFile ?? PLAN_FILE;
  const rel = relative(PROJECT_ROOT, file);
  return loadYamlFile(file, Plan, {
    displayName: rel.startsWith('..') ? file : rel,
    verify: (plan) => verifyPlan(plan, options.labIds),
  });
}

/** Every item, in the plan's order. */
export function planItems(plan: Plan): PlacedItem[] {
  const out: PlacedItem[] = [];
  for (const part of plan.parts) {
    for (const item of part.items) out.push({ ...item, part: part.id, index: out.length });
    for (const mod of part.modules) {
      for (const item of mod.items) out.push({ ...item, part: part.id, module: mod.id, index: out.length });
      for (const group of mod.groups) {
        for (const item of group.items) out.push({ ...item, part: part.id, module: mod.id, group: group.id, index: out.length });
      }
    }
  }
  return out;
}

/**
 * The plan with each lab listed under the items it names (`plan:` in its lab.yaml) that do not list it
 * yet: how a lab pack's labs join the plan. The plan given is left unchanged.
 */
export function linkLabs(plan: Plan, labs: readonly { id: string; plan: readonly string[] }[]): Plan {
  if (labs.length === 0) return plan;
  const link = (item: PlanItem): PlanItem => {
    const more = labs.filter((l) => l.plan.includes(item.id) && !item.labs.includes(l.id)).map((l) => l.id);
    return more.length ? { ...item, labs: [...item.labs, ...more] } : item;
  };
  return {
    ...plan,
    parts: plan.parts.map((part) => ({
      ...part,
      items: part.items.map(link),
      modules: part.modules.map((mod) => ({
        ...mod, items: mod.items.map(link), groups: mod.groups.map((g) => ({ ...g, items: g.items.map(link) })),
      })),
    })),
  };
}

function verifyPlan(plan: Plan, labIds: readonly string[] | undefined): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const id = (path: (string | number)[], value: string, parent?: string) => {
    if (seen.has(value)) problems.push({ path, message: `id "${value}" is used twice in the plan` });
    seen.add(value);
    // Groups drop their module's segment (lld.creational under lld.patterns), so only the first segment must match.
    if (parent && value.split('.')[0] !== parent.split('.')[0]) problems.push({ path, message: `id "${value}" should start with "${parent.split('.')[0]}."` });
  };
  const item = (path: (string | number)[], it: PlanItem, parent: string) => {
    id([...path, 'id'], it.id, parent);
    if (!it.id.startsWith(`${parent}.`)) problems.push({ path: [...path, 'id'], message: `item id "${it.id}" should start with "${parent}."` });
    it.labs.forEach((lab, k) => {
      if (labIds && !labIds.includes(lab)) problems.push({ path: [...path, 'labs', k], message: `no lab "${lab}" in labs/ (link only labs that exist)` });
    });
  };
  plan.parts.forEach((part, p) => {
    id(['parts', p, 'id'], part.id);
    part.items.forEach((it, i) => item(['parts', p, 'items', i], it, part.id));
    part.modules.forEach((mod, m) => {
      const at = ['parts', p, 'modules', m];
      id([...at, 'id'], mod.id, part.id);
      if (mod.items.length === 0 && mod.groups.length === 0) problems.push({ path: at, message: 'a module needs items or groups' });
      mod.items.forEach((it, i) => item([...at, 'items', i], it, mod.id));
      mod.groups.forEach((group, g) => {
        id([...at, 'groups', g, 'id'], group.id, mod.id);
        group.items.forEach((it, i) => item([...at, 'groups', g, 'items', i], it, group.id));
      });
    });
  });
  return problems;
}
