import { planItems } from '../catalog/plan.js';
import type { Plan } from '../catalog/schema/plan.js';
import { lastResults, quizRecords, type CardRecord, type QuizRecords } from '../quiz/records.js';
import { RUN } from '../workspace/launcher.js';
import { labStatus, type LabStatus } from './labs.js';
import type { ExtraItem, ManualTick, Progress } from './schema.js';

/** Share of an item's questions that must have been right at their last review. */
export const QUESTIONS_RIGHT_TO_TICK = 0.8;

/** What the ticking rule needs from the catalog: the stage count of each lab, and each item's questions. */
export interface PlanInputs {
  plan: Plan;
  progress: Progress;
  labStages: ReadonlyMap<string, number>;
  questionsFor: (planId: string) => readonly { id: string }[];
  now: Date;
}

export interface ItemState {
  id: string; title: string; part: string; module?: string; group?: string;
  ticked: boolean;
  /** Why it is ticked: its results, or a tick by hand (results win when both hold). */
  tickedBy: 'results' | 'hand' | null;
  manual?: ManualTick;
  labs: { id: string; status: LabStatus }[];
  questions: { total: number; answered: number; right: number; due: number };
  /** Every linked lab passed (true when there is none). */
  labsDone: boolean;
  /** Every question answered and >= 80% right (true when there is none). */
  questionsDone: boolean;
}

export interface Tally { done: number; total: number; percent: number }
export interface GroupReport { id: string; title: string; items: string[]; tally: Tally }
export interface ModuleReport { id: string; title: string; items: string[]; groups: GroupReport[]; tally: Tally }
export interface PartReport { id: string; title: string; summary?: string; items: string[]; modules: ModuleReport[]; tally: Tally }

export type NextStep =
  | { kind: 'lab'; item: string; title: string; lab: string; status: LabStatus; command: string }
  | { kind: 'quiz'; item: string; title: string; due: number; unanswered: number; labsPassed: boolean; command: string };

export interface PlanReport {
  title: string;
  summary?: string;
  parts: PartReport[];
  items: ItemState[];
  overall: Tally;
  next: NextStep | null;
  /** Checklist lines imported from a markdown plan that labs/plan.yaml lacks. */
  extras: ExtraItem[];
}

export function evaluatePlan(input: PlanInputs): PlanReport {
  const { plan, progress } = input;
  const results = lastResults(progress);
  const records = quizRecords(progress);
  const items = planItems(plan).map((placed): ItemState => {
    const labs = placed.labs.map((id) => ({ id, status: labStatus(progress, id, input.labStages.get(id) ?? 0) }));
    const questions = input.questionsFor(placed.id);
    let answered = 0; let right = 0; let due = 0;
    for (const q of questions) {
      const r = results.get(q.id);
      if (r) { answered++; if (r.correct) right++; }
      if (isDue(records, q.id, input.now)) due++;
    }
    const labsDone = labs.every((l) => l.status.kind === 'passed');
    const questionsDone = answered === questions.length && (questions.length === 0 || right / questions.length >= QUESTIONS_RIGHT_TO_TICK);
    const byResults = (labs.length > 0 || questions.length > 0) && labsDone && questionsDone;
    const manual = progress.plan.manual[placed.id];
    const byHand = manual?.checked === true;
    return {
      id: placed.id, title: placed.title, part: placed.part, module: placed.module, group: placed.group,
      ticked: byResults || byHand, tickedBy: byResults ? 'results' : byHand ? 'hand' : null, manual,
      labs, questions: { total: questions.length, answered, right, due }, labsDone, questionsDone,
    };
  });
  const byId = new Map(items.map((i) => [i.id, i]));
  const tally = (ids: string[]): Tally => {
    const done = ids.filter((id) => byId.get(id)?.ticked).length;
    return { done, total: ids.length, percent: ids.length ? Math.round((100 * done) / ids.length) : 0 };
  };
  const parts = plan.parts.map((part): PartReport => {
    const modules = part.modules.map((mod): ModuleReport => {
      const groups = mod.groups.map((g) => ({ id: g.id, title: g.title, items: g.items.map((i) => i.id), tally: tally(g.items.map((i) => i.id)) }));
      const ids = [...mod.items.map((i) => i.id), ...groups.flatMap((g) => g.items)];
      return { id: mod.id, title: mod.title, items: mod.items.map((i) => i.id), groups, tally: tally(ids) };
    });
    const ids = [...part.items.map((i) => i.id), ...modules.flatMap((m) => [...m.items, ...m.groups.flatMap((g) => g.items)])];
    return { id: part.id, title: part.title, summary: part.summary, items: part.items.map((i) => i.id), modules, tally: tally(ids) };
  });
  return {
    title: plan.title, summary: plan.summary, parts, items,
    overall: tally(items.map((i) => i.id)), next: nextStep(items), extras: progress.plan.extras,
  };
}

/**
 * "Due", the one meaning every screen uses (grade's queue, status, plan, quiz): a question queued for review by
 * a failed lab check (answered before or not), or an answered card whose FSRS due date has come. A question
 * never answered and never queued is not due: it is new.
 */
export function isDue(records: QuizRecords, id: string, now: Date): boolean {
  if (records.queued[id]) return true;
  const card: CardRecord | undefined = records.cards[id];
  if (!card) return false;
  if (card.queuedAt) return true;
  const due = typeof card.fsrs.due === 'string' ? Date.parse(card.fsrs.due) : NaN;
  return Number.isNaN(due) || due <= now.getTime();
}

/**
 * The next step: for the items of `lab` first (the lab being worked on), then the first unticked item in
 * plan order that has a lab to start or continue, or questions due or unanswered.
 */
export function nextStep(items: ItemState[], lab?: string): NextStep | null {
  const preferred = lab ? items.filter((i) => i.labs.some((l) => l.id === lab)) : [];
  for (const item of [...preferred, ...items]) {
    const step = stepFor(item);
    if (step) return step;
  }
  return null;
}

function stepFor(item: ItemState): NextStep | null {
  if (item.ticked) return null;
  const lab = item.labs.find((l) => l.status.kind !== 'passed');
  if (lab) {
    return {
      kind: 'lab', item: item.id, title: item.title, lab: lab.id, status: lab.status,
      command: lab.status.kind === 'not-started' ? `${RUN} start ${lab.id}` : `${RUN} grade ${lab.id}`,
    };
  }
  const unanswered = item.questions.total - item.questions.answered;
  if (item.questions.due > 0 || unanswered > 0 || !item.questionsDone) {
    return {
      kind: 'quiz', item: item.id, title: item.title, due: item.questions.due, unanswered,
      labsPassed: item.labs.length > 0, command: `${RUN} quiz --plan ${item.id}`,
    };
  }
  return null;
}
