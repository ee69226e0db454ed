import { z } from 'zod';

/**
 * `fixtures/submissions/<lab>/<track>/<case>/expect.yaml`: the stage a broken submission must fail and,
 * when named, the check and a piece of its message, so a fixture failing the right stage for the wrong
 * reason (a crashing check, another rule) is reported.
 */
export const FixtureExpectation = z.object({
  stage: z.string().min(1),
  check: z.string().min(1).optional(),
  /** A substring of the failing check's message. */
  message: z.string().min(3).optional(),
  why: z.string().min(10),
}).strict();
export type FixtureExpectation = z.infer<typeof FixtureExpectation>;
