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

export interface QuestionBankOptions { questionsDir?: string }

/** Loads questions/*.yaml, going on past bad files; an id repeated across files is a problem of the later file. */
export async function loadQuestionBank(options: QuestionBankOptions = {}): Promise<QuestionBank> {
  const dir = options.questionsDir ?? QUESTIONS_DIR;
  const questions: BankQuestion[] = [];
  const topics = new Map<string, string>();
  const problems: CatalogError[] = [];
  const byId = new Map<string, BankQuestion>();
  const files = existsSync(dir) ? (await readdir(dir)).filter((n) => n.endsWith('.yaml')).sort() : [];
  for (const name of files) {
    const file = join(dir, name);
    try {
      const loaded = await loadYamlFile(file, QuestionFile, {
        displayName: display(file),
        verify: (f) => duplicateIds(f, byId),
      });
      topics.set(loaded.topic, loaded.title);
      for (const q of loaded.questions) {
        const withTopic: BankQuestion = { ...q, topic: loaded.topic, topicTitle: loaded.title };
        questions.push(withTopic);
        byId.set(q.id, withTopic);
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

function duplicateIds(file: QuestionFile, seen: Map<string, BankQuestion>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const local = new Set<string>();
  file.questions.forEach((q, i) => {
    const other = seen.get(q.id);
    if (other) problems.push({ path: ['questions', i, 'id'], message: `id "${q.id}" is already used in topic "${other.topic}"` });
    else if (local.has(q.id)) problems.push({ path: ['questions', i, 'id'], message: `id "${q.id}" appears twice in this file` });
    local.add(q.id);
  });
  return problems;
}

function display(file: string): string {
  const rel = relative(PROJECT_ROOT, file);
  return rel.startsWith('..') ? file : rel;
}
