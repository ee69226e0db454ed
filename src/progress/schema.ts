import { z } from 'zod';

/**
 * Version 2 (from 1): notes live in the activity timeline (kind "note") instead of their own list, and the
 * plan section has a shape (manual ticks with their date, items imported from a checklist that the plan lacks).
 */
export const STORE_FORMAT_VERSION = 2;

export const GradeRecord = z.object({
  at: z.string(),
  track: z.string(),
  labVersion: z.number().int(),
  passed: z.boolean(),
  stagesPassed: z.number().int(),
  stagesTotal: z.number().int(),
  failedStage: z.string().optional(),
  seed: z.number().int(),
  durationMs: z.number(),
  workspace: z.string(),
  /** The load benchmark's figures, when the grade ran it (service labs). */
  bench: z.object({
    requestsPerSecond: z.number(), referenceRequestsPerSecond: z.number(),
    p50Ms: z.number(), p99Ms: z.number(), errors: z.number(), passed: z.boolean(),
  }).optional(),
});
export type GradeRecord = z.infer<typeof GradeRecord>;

export const LabProgress = z.object({
  track: z.string(),
  workspace: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  stagesTotal: z.number().int(),
  /** The most stages ever passed in one grade (the furthest stage reached). */
  stagesPassed: z.number().int().default(0),
  passedAt: z.string().optional(),
  hintsShown: z.number().int().default(0),
  grades: z.array(GradeRecord).default([]),
});
export type LabProgress = z.infer<typeof LabProgress>;

/** Something the learner did, for the session log: dated in UTC (ISO 8601), shown in local time. */
export const ActivityRecord = z.object({
  at: z.string(),
  kind: z.string(),
  lab: z.string().optional(),
  summary: z.string(),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type ActivityRecord = z.infer<typeof ActivityRecord>;

/**
 * A tick set by hand (`plan check`, or a checklist import). `checked: false` is kept rather than deleted, so
 * that merging an older store from another machine cannot bring back a tick the learner removed.
 */
export const ManualTick = z.object({
  checked: z.boolean(),
  at: z.string(),
  source: z.enum(['cli', 'import']),
});
export type ManualTick = z.infer<typeof ManualTick>;

/** A checklist line an imported plan had and labs/plan.yaml lacks: kept, never dropped. */
export const ExtraItem = z.object({
  title: z.string(),
  checked: z.boolean(),
  /** The heading path it sat under in the imported file ("Part 3 / Module 6"). */
  section: z.string(),
  importedAt: z.string(),
});
export type ExtraItem = z.infer<typeof ExtraItem>;

export const PlanRecords = z.object({
  manual: z.record(z.string(), ManualTick).default({}),
  extras: z.array(ExtraItem).default([]),
});
export type PlanRecords = z.infer<typeof PlanRecords>;

export const Progress = z.object({
  formatVersion: z.literal(STORE_FORMAT_VERSION),
  labs: z.record(z.string(), LabProgress).default({}),
  activity: z.array(ActivityRecord).default([]),
  /** Owned by the quiz (src/quiz/records.ts validates it). */
  quiz: z.record(z.string(), z.unknown()).default({}),
  plan: PlanRecords.default(() => ({ manual: {}, extras: [] })),
  settings: z.record(z.string(), z.unknown()).default({}),
});
export type Progress = z.infer<typeof Progress>;

export function emptyProgress(): Progress {
  return Progress.parse({ formatVersion: STORE_FORMAT_VERSION });
}
