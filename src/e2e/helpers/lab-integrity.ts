// Lab integrity, for one lab: every static rule of src/grader/lab-rules.ts (the ones `sysdesign dev check`
// runs too), one test each. Grading the reference, starter and fixtures is each lab's own test file
// (lab-<id>.test.ts, through helpers/verify-lab-tracks.ts), so vitest spreads the slow part over workers.
import { describe, expect, it } from 'vitest';
import type { Catalog, LoadedLab } from '../../catalog/catalog.js';
import { LAB_RULE_IDS, LAB_RULES, formatViolation, runRule, type LabRuleContext } from '../../grader/lab-rules.js';
import { trackAvailable } from '../../grader/verify-lab.js';

/** In CI a missing toolchain is a failure, never a silent skip. */
export const mustHaveEveryTrack = Boolean(process.env.CI);

/** Whether each track's toolchain is installed here. */
export async function availableTracks(catalog: Catalog): Promise<Map<string, boolean>> {
  const available = new Map<string, boolean>();
  for (const trackId of catalog.tracks.keys()) available.set(trackId, await trackAvailable(catalog, trackId, process.env));
  return available;
}

/** One test per rule of lab-rules.ts; a failure lists each violation with its lab, file and rule. */
export function describeLabRules(lab: LoadedLab, ctx: LabRuleContext): void {
  describe(`lab ${lab.id}`, () => {
    for (const rule of LAB_RULE_IDS) {
      it(`${rule}: ${LAB_RULES[rule]}`, async () => {
        expect((await runRule(rule, lab, ctx)).map(formatViolation)).toEqual([]);
      });
    }
  });
}
