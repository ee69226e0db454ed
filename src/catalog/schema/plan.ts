import { z } from 'zod';
import { PlanItemId } from './question.js';

export const PlanItem = z.object({
  id: PlanItemId,
  title: z.string().min(1),
  /** Lab ids whose every stage must pass for the item to tick. */
  labs: z.array(z.string()).default([]),
}).strict();
export type PlanItem = z.infer<typeof PlanItem>;

export const PlanGroup = z.object({
  id: PlanItemId,
  title: z.string().min(1),
  items: z.array(PlanItem).min(1),
}).strict();
export type PlanGroup = z.infer<typeof PlanGroup>;

/** A module holds either items directly or groups of items (module 2 of the plan). */
export const PlanModule = z.object({
  id: PlanItemId,
  title: z.string().min(1),
  items: z.array(PlanItem).default([]),
  groups: z.array(PlanGroup).default([]),
}).strict();
export type PlanModule = z.infer<typeof PlanModule>;

/** A part holds modules, or (the case studies) items directly. */
export const PlanPart = z.object({
  id: PlanItemId,
  title: z.string().min(1),
  /** The paragraph under the part's heading in the markdown checklist. */
  summary: z.string().optional(),
  modules: z.array(PlanModule).default([]),
  items: z.array(PlanItem).default([]),
}).strict();
export type PlanPart = z.infer<typeof PlanPart>;

export const Plan = z.object({
  title: z.string().min(1),
  /** The paragraph under the title in the markdown checklist. */
  summary: z.string().optional(),
  parts: z.array(PlanPart).min(1),
}).strict();
export type Plan = z.infer<typeof Plan>;
