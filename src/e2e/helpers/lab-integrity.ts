// Lab integrity, for one lab and every track (our `rustlings dev check`): the reference passes every stage
// through the same path a learner's workspace takes, the starter fails stage 1, every broken fixture fails
// exactly the stage it names, and hidden files never reach a scaffolded workspace. labs.test.ts runs it for
// every lab without a test file of its own; a slow lab gets one (lab-<id>.test.ts) so it runs on its own worker.
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog, LoadedLab } from '../../catalog/catalog.js';
import { loadQuestionBank } from '../../catalog/questions.js';
import { listFiles } from '../../workspace/files.js';
import { isStatement, longestSharedRun } from '../../workspace/shared-lines.js';
import { scaffoldWorkspace } from '../../workspace/scaffold.js';
import { listFixtures, subjectsOf, trackAvailable, verifySubject } from '../../grader/verify-lab.js';
import { tempDir } from './run-cli.js';

/** A provided workspace file (driver, README) whose run of lines shared with a reference file holds this many statements carries reference code. */
const MAX_SHARED_STATEMENTS_PROVIDED = 3;
/** The same for a file the learner edits, whose starter may keep a few lines of boilerplate (a server's start-up). */
const MAX_SHARED_STATEMENTS_EDITED = 8;

/** In CI a missing toolchain is a failure, never a silent skip. */
export const mustHaveEveryTrack = Boolean(process.env.CI);

/** Whether each track's toolchain is installed here. */
export async function availableTracks(catalog: Catalog): Promise<Map<string, boolean>> {
  const available = new Map<string, boolean>();
  for (const trackId of catalog.tracks.keys()) available.set(trackId, await trackAvailable(catalog, trackId, process.env));
  return available;
}

/** The labs whose own test file (src/e2e/lab-<id>.test.ts) grades every subject (helpers/verify-lab-tracks.ts). */
export const hasOwnIntegrityTest = (labId: string): boolean => existsSync(join('src', 'e2e', `lab-${labId}.test.ts`));

/**
 * The static checks of a lab, and (unless `grade` is false: a lab whose own test file grades it subject by
 * subject) the grading of its reference, starter and fixtures.
 */
export function describeLabIntegrity(catalog: Catalog, lab: LoadedLab, available: Map<string, boolean>, { grade = true } = {}): void {
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

    it('names only questions of the bank in its stages', async () => {
      const bank = await loadQuestionBank();
      const known = new Set(bank.questions.map((q) => q.id));
      for (const stage of lab.stages) {
        for (const id of stage.questions) expect(known.has(id), `stage ${stage.id} of lab ${lab.id} names question ${id}, which questions/ lacks`).toBe(true);
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

        it('scaffolds no code of the reference solution', async () => {
          const dir = join(await tempDir(), 'ws');
          await scaffoldWorkspace({ lab, track: trackId, dir, force: false, confirm: async () => false, declinedHint: '', now: new Date() });
          const referenceDir = join(lab.dir, track.reference);
          const references = await Promise.all((await listFiles(referenceDir)).map(async (f) => ({ file: f, text: await readFile(join(referenceDir, f), 'utf8') })));
          const leaks: string[] = [];
          for (const file of await listFiles(dir)) {
            const text = await readFile(join(dir, file), 'utf8');
            for (const reference of references) {
              const run = longestSharedRun(text, reference.text);
              if (!run) continue;
              // Declarations of the contract (types, interfaces, error values) may be shared: the README and
              // the starter show them. Statements may not, beyond the few of a starter's boilerplate.
              const statements = run.lines.filter(isStatement).length;
              const leaked = statements >= (track.edit.includes(file) ? MAX_SHARED_STATEMENTS_EDITED : MAX_SHARED_STATEMENTS_PROVIDED);
              if (leaked) leaks.push(`${file}:${run.atA} and reference ${reference.file}:${run.atB} share ${run.lines.length} lines: ${run.lines.slice(0, 3).join(' / ')} …`);
            }
          }
          expect(leaks).toEqual([]);
        });

        it('has at least 6 broken fixtures', async () => {
          expect((await listFixtures(lab.id, trackId)).length).toBeGreaterThanOrEqual(6);
        });

        if (grade) it.skipIf(!runnable && !mustHaveEveryTrack)(`reference passes, starter fails stage 1, each fixture fails its named stage${runnable ? '' : ` (skipped: the ${trackId} toolchain is not installed)`}`, async () => {
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
