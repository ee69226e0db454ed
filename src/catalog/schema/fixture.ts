import { z } from 'zod';

/** `fixtures/submissions/<lab>/<track>/<case>/expect.yaml`: the stage a broken submission must fail. */
export const FixtureExpectation = z.object({
  stage: z.string().min(1),
  why: z.string().min(10),
}).strict();
export type FixtureExpectation = z.infer<typeof FixtureExpectation>;
