// The integrity of one lab, track by track, for labs whose grading is slow enough to deserve a test file
// of their own (src/e2e/lab-<id>.test.ts), so vitest spreads them over workers: the reference passes
// every stage, the starter fails stage 1, and every fixture fails the stage (and check) it names, each
// subject reported on its own. labs.test.ts skips this part for a lab with such a file.
// A fixture is graded at its named stage alone: the stages before it run in the reference's grade, and
// paying for them again in every fixture was half the suite. `sysdesign dev check` grades them all.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../catalog/catalog.js';
import { namedChecks } from '../../catalog/schema/fixture.js';
import { subjectsOf, trackAvailable, verifySubject } from '../../grader/verify-lab.js';

export interface VerifyLabTracksOptions {
  /**
   * The test file that grades this lab's references in both tracks through the built CLI: a second,
   * in-process grade of the same code would only repeat it (a service reference is the file's dearest subject).
   */
  referencesGradedIn?: string;
}

export async function verifyLabTracks(labId: string, options: VerifyLabTracksOptions = {}): Promise<void> {
  const catalog = await loadCatalog();
  const lab = catalog.lab(labId);
  for (const trackId of Object.keys(lab.tracks)) {
    const runnable = await trackAvailable(catalog, trackId, process.env) || Boolean(process.env.CI);
    const subjects = (await subjectsOf(lab, trackId)).filter((s) => !(s.kind === 'reference' && options.referencesGradedIn));
    describe.skipIf(!runnable)(`lab ${lab.id}, ${trackId} track${runnable ? '' : ` (skipped: the ${trackId} toolchain is not installed)`}`, () => {
      for (const subject of subjects) {
        const name = subject.kind === 'fixture' ? `fixture ${subject.name} fails ${subject.expect.stage}, check ${namedChecks(subject.expect).join(' or ')}`
          : subject.kind === 'reference' ? 'the reference passes every stage' : 'the starter fails stage 1';
        it(name, async () => {
          const v = await verifySubject(catalog, lab, trackId, subject, { seed: 1, env: process.env, signal: new AbortController().signal, namedStageOnly: true });
          expect(v.ok, `expected it ${v.expected}, but it ${v.got}`).toBe(true);
        }, 300_000);
      }
    });
  }
}
