import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CatalogError } from '../errors.js';
import { PROJECT_ROOT, QUESTIONS_DIR } from '../paths.js';
import { loadYamlFile, type FieldProblem } from './load-yaml.js';
import { QuestionFile, type Question } from './schema/question.js';

/** A question together with the topic (file) it came from: its id, and the title the learner sees. */
export type BankQuestion = Question & { topic: string; topicTitle: string };

export interface QuestionBank {
  questions: BankQuestion[];
  /** Topic id -> title, in file order. */
  topics: Map<string, string>;
  /** Files that failed to load (or repeated an id); each hides nothing else. */
  problems: CatalogError[];
  byId: Map<string, BankQuestion>;
  /** The questions tagged with a plan item id (the item's own questions). */
  forPlanItem(planId: string): BankQuestion[];
}

export interface QuestionBankOptions {
  questionsDir?: string;
  /** Lab pack folders: the questions of each one's `questions/` folder join the bank. */
  packs?: readonly string[];
}

/**
 * Loads questions/*.yaml, then each lab pack's questions/*.yaml, going on past bad files; an id repeated
 * across files is a problem of the later file, naming the earlier one.
 */
export async function loadQuestionBank(options: QuestionBankOptions = {}): Promise<QuestionBank> {
  const dirs = [options.questionsDir ?? QUESTIONS_DIR, ...(options.packs ?? []).map((p) => join(p, 'questions'))];
  const questions: BankQuestion[] = [];
  const topics = new Map<string, string>();
  const problems: CatalogError[] = [];
  const byId = new Map<string, BankQuestion>();
  const fileOf = new Map<string, string>();
  for (const file of (await Promise.all(dirs.map(yamlFiles))).flat()) {
    try {
      const loaded = await loadYamlFile(file, QuestionFile, {
        displayName: display(file),
        verify: (f) => duplicateIds(f, fileOf, byId),
      });
      topics.set(loaded.topic, loaded.title);
      for (const q of loaded.questions) {
        const withTopic: BankQuestion = { ...q, topic: loaded.topic, topicTitle: loaded.title };
        questions.push(withTopic);
        byId.set(q.id, withTopic);
        fileOf.set(q.id, display(file));
      }
    } catch (e) {
      if (e instanceof CatalogError) problems.push(e); else throw e;
    }
  }
  const byPlan = new Map<string, BankQuestion[]>();
  for (const q of questions) {
    for (const p of q.plan) byPlan.set(p, [...(byPlan.get(p) ?? []), q]);
  }
  return { questions, topics, problems, byId, forPlanItem: (planId) => byPlan.get(planId) ?? [] };
}

async function yamlFiles(dir: string): Promise<string[]> {
  return existsSync(dir) ? (await readdir(dir)).filter((n) => n.endsWith('.yaml')).sort().map((n) => join(dir, n)) : [];
}

function duplicateIds(file: QuestionFile, fileOf: ReadonlyMap<string, string>, seen: ReadonlyMap<string, BankQuestion>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const local = new Set<string>();
  file.questions.forEach((q, i) => {
    const other = fileOf.get(q.id);
    if (other) problems.push({ path: ['questions', i, 'id'], message: `id "${q.id}" is already used in topic "${seen.get(q.id)!.topic}" (${other})` });
    else if (local.has(q.id)) problems.push({ path: ['questions', i, 'id'], message: `id "${q.id}" appears twice in this file` });
    local.add(q.id);
  });
  return problems;
}

function display(file: string): string {
  const rel = relative(PROJECT_ROOT, file);
  return rel.startsWith('..') ? file : rel;
}
