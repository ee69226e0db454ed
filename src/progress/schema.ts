import { z } from 'zod';

export const STORE_FORMAT_VERSION = 1;

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

/** Something the learner did, for the session log: dated in UTC. */
export const ActivityRecord = z.object({
  at: z.string(),
  kind: z.string(),
  lab: z.string().optional(),
  summary: z.string(),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type ActivityRecord = z.infer<typeof ActivityRecord>;

export const Progress = z.object({
  formatVersion: z.literal(STORE_FORMAT_VERSION),
  labs: z.record(z.string(), LabProgress).default({}),
  activity: z.array(ActivityRecord).default([]),
  /** Extension points owned by the quiz and the plan; validated by their own modules. */
  quiz: z.record(z.string(), z.unknown()).default({}),
  plan: z.record(z.string(), z.unknown()).default({}),
  notes: z.array(z.object({ at: z.string(), text: z.string() })).default([]),
  settings: z.record(z.string(), z.unknown()).default({}),
});
export type Progress = z.infer<typeof Progress>;

export function emptyProgress(): Progress {
  return Progress.parse({ formatVersion: STORE_FORMAT_VERSION });
}
