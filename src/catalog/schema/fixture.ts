import { z } from 'zod';

/**
 * `fixtures/submissions/<lab>/<track>/<case>/expect.yaml`: the stage and the check a broken submission must
 * fail and, optionally, a piece of the check's message, so a fixture failing the right stage for the wrong
 * reason (a crashing check, another rule) is reported.
 */
export const FixtureExpectation = z.object({
  stage: z.string().min(1),
  /**
   * The check it must fail; a list when the failure may surface in any of several checks (a data race the
   * detector catches in whichever hammer runs into it first).
   */
  check: z.union([z.string().min(1), z.array(z.string().min(1)).min(2)]),
  /** A substring of the failing check's message. */
  message: z.string().min(3).optional(),
  why: z.string().min(10),
}).strict();
export type FixtureExpectation = z.infer<typeof FixtureExpectation>;

/** The checks a fixture may fail, as a list. */
export function namedChecks(expect: FixtureExpectation): string[] {
  return typeof expect.check === 'string' ? [expect.check] : expect.check;
}
