import { z } from 'zod';

/** Ids are stable once published: kebab-case words joined by dots. */
export const QuestionId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$/, 'a dotted kebab-case id such as "caching.write-through-latency"');
export const PlanItemId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/, 'a plan id from labs/plan.yaml');

const QuestionBase = z.object({
  id: QuestionId,
  plan: z.array(PlanItemId).min(1, 'name at least one plan item'),
  /** Ids of the seed material this question draws on (CONTENT-MAP §3), used for coverage. */
  seeds: z.array(z.string()).default([]),
  prompt: z.string().min(10),
});

export const ChoiceQuestion = QuestionBase.extend({
  kind: z.literal('choice'),
  options: z.array(z.string().min(1)).min(3).max(6),
  /** 0-based indices into options; more than one means "select all that apply". */
  answer: z.array(z.number().int().nonnegative()).min(1),
  explanation: z.string().min(10),
}).superRefine((q, ctx) => {
  // An answer must name an option, once: otherwise the question can never be answered right.
  q.answer.forEach((a, i) => {
    if (a >= q.options.length) ctx.addIssue({ code: 'custom', path: ['answer', i], message: `answer ${a} points at no option (options are numbered from 0 to ${q.options.length - 1})` });
    else if (q.answer.indexOf(a) !== i) ctx.addIssue({ code: 'custom', path: ['answer', i], message: `answer ${a} is listed twice` });
  });
});

export const RecallQuestion = QuestionBase.extend({
  kind: z.literal('recall'),
  answer: z.string().min(10),
  keyPoints: z.array(z.string().min(3)).min(3).max(6),
});

/**
 * One point of a model answer. The learner marks each point they covered against the rubric shown after
 * answering (nothing is pre-marked by keyword: name-dropping must not score); the score is the weighted share.
 */
export const RubricPoint = z.object({
  point: z.string().min(3),
  /** How much the point counts: 1 expected, 2 important, 3 what the interview turns on. */
  weight: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1),
});
export type RubricPoint = z.infer<typeof RubricPoint>;

/** Interview order. `bottlenecks` are the ones found after the first draft (what breaks first, and the fix). */
export const RUBRIC_SECTIONS = ['requirements', 'estimates', 'api', 'dataModel', 'architecture', 'deepDives', 'bottlenecks', 'tradeOffs'] as const;
export type RubricSection = (typeof RUBRIC_SECTIONS)[number];

/** A section may be empty here; the bank's lint (src/quiz/bank-lint.test.ts) requires every one filled in the shipped bank. */
export const Rubric = z.object({
  requirements: z.array(RubricPoint).default([]),
  estimates: z.array(RubricPoint).default([]),
  api: z.array(RubricPoint).default([]),
  dataModel: z.array(RubricPoint).default([]),
  architecture: z.array(RubricPoint).default([]),
  deepDives: z.array(RubricPoint).default([]),
  bottlenecks: z.array(RubricPoint).default([]),
  tradeOffs: z.array(RubricPoint).default([]),
}).strict().refine((r) => RUBRIC_SECTIONS.some((s) => r[s].length > 0), 'a rubric needs at least one point');
export type Rubric = z.infer<typeof Rubric>;

export const DesignQuestion = QuestionBase.extend({
  kind: z.literal('design'),
  minutes: z.number().int().min(5).max(90),
  rubric: Rubric,
});

/**
 * A number to work out (QPS from DAU, storage per year, a latency): the learner types a number such as
 * 12000, 12k, 1.2e4 or "40 GB"; within 10% is exact, within 2x either way still counts (src/quiz/estimate.ts).
 */
export const EstimateQuestion = QuestionBase.extend({
  kind: z.literal('estimate'),
  answer: z.number().positive(),
  /** What the number counts, shown after the input: "requests/s", "TB", "ms". */
  unit: z.string().min(1),
  /** The worked calculation, shown on the result screen. */
  explanation: z.string().min(10),
});

export const Question = z.discriminatedUnion('kind', [ChoiceQuestion, RecallQuestion, DesignQuestion, EstimateQuestion]);
export type Question = z.infer<typeof Question>;
export type ChoiceQuestion = z.infer<typeof ChoiceQuestion>;
export type RecallQuestion = z.infer<typeof RecallQuestion>;
export type DesignQuestion = z.infer<typeof DesignQuestion>;
export type EstimateQuestion = z.infer<typeof EstimateQuestion>;
export const QUESTION_KINDS = ['choice', 'recall', 'design', 'estimate'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** One file under questions/: a topic and its questions. */
export const QuestionFile = z.object({
  topic: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  title: z.string().min(3),
  questions: z.array(Question).min(1),
}).strict();
export type QuestionFile = z.infer<typeof QuestionFile>;
