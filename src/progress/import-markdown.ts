import { planItems } from '../catalog/plan.js';
import type { Plan } from '../catalog/schema/plan.js';
import { SESSION_LOG_HEADING } from './markdown.js';
import type { Progress } from './schema.js';

/** One `[x]` / `[ ]` line of a markdown checklist. */
export interface ChecklistEntry {
  title: string;
  checked: boolean;
  /** The headings and bold bullets it sits under ("Part 1: … / Module 2: … / Creational Patterns"). */
  section: string;
  line: number;
}

const ITEM = /^(\s*)[*+-]\s+\[([ xX])\]\s+(.+?)\s*$/;
const BOLD_BULLET = /^(\s*)[*+-]\s+\*\*(.+?)\*\*\s*$/;
const HEADING = /^(#{1,6})\s+(.+?)\s*$/;
/** "Session Log & Notes", or any heading that starts like it: the checklist ends there. */
const SESSION_LOG_START = SESSION_LOG_HEADING.split(' ').slice(0, 2).join(' ').toLowerCase();

/** A plan has 44 items; a checklist a hundred times that long is not one, and is refused with a clear line. */
export const MAX_CHECKLIST_ITEMS = 5_000;
/** Longer lines are not checklist items (and would make the line patterns slow). */
export const MAX_LINE_LENGTH = 2_000;

/** Why a file is refused before it is read as a checklist (too long a line, too many items), or undefined. */
export function checklistProblem(text: string): string | undefined {
  let items = 0;
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    if (lines[n].length > MAX_LINE_LENGTH) return `line ${n + 1} is ${lines[n].length} characters long; a checklist line may be at most ${MAX_LINE_LENGTH}`;
    if (ITEM.test(lines[n]) && ++items > MAX_CHECKLIST_ITEMS) return `it has more than ${MAX_CHECKLIST_ITEMS} checklist items (line ${n + 1}); a plan checklist has far fewer`;
  }
  return undefined;
}

/** Reads the checklist lines of a plan document, up to its session log (after checklistProblem). */
export function parseChecklist(text: string): ChecklistEntry[] {
  const entries: ChecklistEntry[] = [];
  let heading = '';
  let bullets: { indent: number; title: string }[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const h = HEADING.exec(line);
    if (h) {
      if (normalise(h[2]).startsWith(SESSION_LOG_START)) break;
      if (h[1].length > 1) { heading = clean(h[2]); bullets = []; }
      continue;
    }
    const b = BOLD_BULLET.exec(line);
    if (b) {
      const indent = b[1].length;
      bullets = [...bullets.filter((x) => x.indent < indent), { indent, title: clean(b[2]) }];
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      const indent = item[1].length;
      const parents = bullets.filter((x) => x.indent < indent).map((x) => x.title);
      entries.push({ title: clean(item[3]), checked: item[2] !== ' ', section: [heading, ...parents].filter(Boolean).join(' / '), line: n + 1 });
    }
  }
  return entries;
}

export interface ImportOutcome {
  /** Plan items that got a tick by hand from this import. */
  ticked: string[];
  /** Plan items the file ticks that already had a tick by hand. */
  unchanged: string[];
  /** Lines whose item the plan lacks: kept in the store, listed to the user. */
  notInPlan: ChecklistEntry[];
  /** Plan items the file does not mention. */
  missing: string[];
  changed: boolean;
}

/**
 * Applies a checklist to the store: its ticked items become ticks by hand (never removed: an unticked line
 * takes nothing away), lines the plan lacks are kept as extras. Applying the same file twice changes nothing.
 */
export function applyChecklist(progress: Progress, plan: Plan, entries: ChecklistEntry[], now: Date, file: string): ImportOutcome {
  const at = now.toISOString();
  const byTitle = new Map(planItems(plan).map((i) => [normalise(i.title), i.id]));
  const outcome: ImportOutcome = { ticked: [], unchanged: [], notInPlan: [], missing: [], changed: false };
  const seen = new Set<string>();
  // One pass with maps: the time grows with the file, never with the file times the store.
  const extras = new Map(progress.plan.extras.map((e) => [normalise(e.title), e]));
  for (const entry of entries) {
    const key = normalise(entry.title);
    const id = byTitle.get(key);
    if (!id) {
      outcome.notInPlan.push(entry);
      const known = extras.get(key);
      if (!known) {
        const extra = { title: entry.title, checked: entry.checked, section: entry.section, importedAt: at };
        progress.plan.extras.push(extra);
        extras.set(key, extra);
        outcome.changed = true;
      } else if (entry.checked && !known.checked) {
        known.checked = true;
        outcome.changed = true;
      }
      continue;
    }
    seen.add(id);
    if (!entry.checked) continue;
    if (progress.plan.manual[id]?.checked) { outcome.unchanged.push(id); continue; }
    progress.plan.manual[id] = { checked: true, at, source: 'import' };
    outcome.ticked.push(id);
    outcome.changed = true;
  }
  outcome.missing = planItems(plan).map((i) => i.id).filter((id) => !seen.has(id));
  if (outcome.changed) {
    progress.activity.push({
      at, kind: 'plan-import', summary: `imported ${file}: ${outcome.ticked.length} ticked by hand, ${outcome.notInPlan.length} not in the plan`,
      data: { file, ticked: outcome.ticked, notInPlan: outcome.notInPlan.map((e) => e.title) },
    });
  }
  return outcome;
}

/** Titles compare without markdown emphasis, case or spacing. */
export function normalise(title: string): string {
  return clean(title).toLowerCase();
}

function clean(text: string): string {
  return text.replace(/\*\*|__|`/g, '').replace(/\s+/g, ' ').trim();
}
