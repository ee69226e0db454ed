// Lab integrity, for one lab and every track (our `rustlings dev check`): the reference passes every stage
// through the same path a learner's workspace takes, the starter fails stage 1, every broken fixture fails
// exactly the stage it names, and hidden files never reach a scaffolded workspace. labs.test.ts runs it for
// every lab without a test file of its own; a slow lab gets one (lab-<id>.test.ts) so it runs on its own worker.
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog, LoadedLab } from '../../catalog/catalog.js';
import { listFiles } from '../../workspace/files.js';
import { scaffoldWorkspace } from '../../workspace/scaffold.js';
import { listFixtures, subjectsOf, trackAvailable, verifySubject } from '../../grader/verify-lab.js';
import { tempDir } from './run-cli.js';

/** In CI a missing toolchain is a failure, never a silent skip. */
export const mustHaveEveryTrack = Boolean(process.env.CI);

/** Whether each track's toolchain is installed here. */
export async function availableTracks(catalog: Catalog): Promise<Map<string, boolean>> {
  const available = new Map<string, boolean>();
  for (const trackId of catalog.tracks.keys()) available.set(trackId, await trackAvailable(catalog, trackId, process.env));
  return available;
}

/** The labs that have their own integrity test file (src/e2e/lab-<id>.test.ts). */
export const hasOwnIntegrityTest = (labId: string): boolean => existsSync(join('src', 'e2e', `lab-${labId}.test.ts`));

export function describeLabIntegrity(catalog: Catalog, lab: LoadedLab, available: Map<string, boolean>): void {
  describe(`lab ${lab.id}`, () => {
    it('names each stage check file once, and every check file under checks/ that is not shared belongs to a stage', async () => {
      const named = lab.stages.map((s) => s.checks);
      expect(new Set(named).size).toBe(named.length);
      const files = (await readdir(join(lab.dir, 'checks'))).filter((f) => f.endsWith('.ts')).map((f) => `checks/${f}`);
      const helpers = files.filter((f) => !named.includes(f));
      for (const helper of helpers) {
        const text = await readFile(join(lab.dir, helper), 'utf8');
        expect(text, `${helper} defines a stage but lab.yaml does not name it`).not.toMatch(/defineStage\(/);
      }
    });

    for (const [trackId, track] of Object.entries(lab.tracks)) {
      const runnable = available.get(trackId) ?? false;
      describe(`${trackId} track`, () => {
        it('marks every file the learner edits with a TODO', async () => {
          for (const file of track.edit) expect(await readFile(join(lab.dir, track.starter, file), 'utf8')).toMatch(/TODO/);
        });

        it('never scaffolds hidden checks or the reference solution', async () => {
          const dir = join(await tempDir(), 'ws');
          await scaffoldWorkspace({ lab, track: trackId, dir, force: false, confirm: async () => false, declinedHint: '', now: new Date() });
          const files = await listFiles(dir);
          expect(files.filter((f) => f.startsWith('checks/'))).toEqual([]);
          for (const file of track.edit) {
            const reference = await readFile(join(lab.dir, track.reference, file), 'utf8');
            expect(await readFile(join(dir, file), 'utf8')).not.toBe(reference);
          }
          const checkSources = await Promise.all(lab.stages.map((s) => readFile(join(lab.dir, s.checks), 'utf8')));
          for (const file of files) {
            const text = await readFile(join(dir, file), 'utf8');
            expect(checkSources.includes(text), `${file} is a copy of a hidden check`).toBe(false);
          }
        });

        it('has at least 6 broken fixtures', async () => {
          expect((await listFixtures(lab.id, trackId)).length).toBeGreaterThanOrEqual(6);
        });

        it.skipIf(!runnable && !mustHaveEveryTrack)(`reference passes, starter fails stage 1, each fixture fails its named stage${runnable ? '' : ` (skipped: the ${trackId} toolchain is not installed)`}`, async () => {
          const verdicts = [];
          for (const subject of await subjectsOf(lab.id, trackId)) {
            const v = await verifySubject(catalog, lab, trackId, subject, { seed: 1, env: process.env, signal: new AbortController().signal });
            verdicts.push(`${v.subject}: ${v.ok ? 'ok' : `expected it ${v.expected}, but it ${v.got}`}`);
          }
          expect(verdicts.filter((v) => !v.endsWith(': ok'))).toEqual([]);
        }, 600_000);
      });
    }
  });
}
