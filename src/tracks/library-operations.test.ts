// Every library lab's drivers answer exactly the operations of its operations.yaml, in every track: each
// reference program is built as grading builds it and asked for its table (the wire's `__operations`). What
// a check sends is held against the same file at run time, whenever a lab is graded (src/grader/protocol).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/catalog.js';
import type { Track } from '../catalog/schema/track.js';
import type { SpawnSpec } from '../grader/process/child.js';
import { listFiles } from '../workspace/files.js';
import { assembleSources, buildVariant, variantFor } from './build.js';
import { detectToolchain } from './toolchain.js';

const catalog = await loadCatalog();
const libraryLabs = catalog.labs.filter((l) => l.kind === 'library');
const dirs: string[] = [];
afterAll(async () => { await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))); });

/**
 * A program's answer depends only on its sources and the track's build, so it is kept under their hash: a
 * second run rebuilds nothing (a Go build and link per lab is what made this test slow).
 */
const ANSWERS = join(tmpdir(), 'sysdesign-test-operations');

async function sourcesHash(srcDir: string, track: Track): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify({ build: track.build, run: track.run }));
  for (const file of (await listFiles(srcDir)).sort()) hash.update(`\0${file}\0`).update(await readFile(join(srcDir, file)));
  return hash.digest('hex');
}

/** Sends one request to the program, closes its stdin, and returns its one reply. */
async function ask(program: SpawnSpec, request: object): Promise<Record<string, unknown>> {
  const cwd = await mkdtemp(join(tmpdir(), 'sysdesign-operations-run-'));
  dirs.push(cwd);
  const child = spawn(program.command, program.args, { cwd, env: program.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
  child.stdin.end(`${JSON.stringify({ id: 1, ...request })}\n`);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, `the program exited with ${code}: ${err}`).toBe(0);
  const lines = out.split('\n').filter(Boolean);
  expect(lines, `one reply expected: ${out}`).toHaveLength(1);
  return JSON.parse(lines[0]) as Record<string, unknown>;
}

async function driverOperations(labId: string, trackId: string): Promise<string[]> {
  const lab = catalog.lab(labId);
  const track = catalog.track(trackId);
  const buildRoot = await mkdtemp(join(tmpdir(), `sysdesign-operations-${labId}-`));
  dirs.push(buildRoot);
  const layers = [join(lab.dir, lab.tracks[trackId].starter), join(lab.dir, lab.tracks[trackId].reference)];
  const sources = await assembleSources(lab, trackId, layers, buildRoot);
  const answer = join(ANSWERS, `${await sourcesHash(sources.srcDir, track)}.json`);
  if (existsSync(answer)) return JSON.parse(await readFile(answer, 'utf8')) as string[];
  const built = await buildVariant({ track, lab, trackId, sources, buildRoot, variant: variantFor(track, 'default'), env: process.env });
  const reply = await ask(built.spawn, { op: '__operations' });
  expect(reply).toEqual({ id: 1, operations: expect.any(Array) });
  const names = reply.operations as string[];
  await mkdir(ANSWERS, { recursive: true });
  await writeFile(answer, JSON.stringify(names));
  return names;
}

describe('library labs declare exactly the operations their drivers answer', () => {
  it('there are library labs to look at', () => {
    expect(libraryLabs.length).toBeGreaterThan(0);
  });

  for (const lab of libraryLabs) {
    for (const trackId of Object.keys(lab.tracks)) {
      // In CI a missing toolchain is a failure, never a silent skip.
      it(`${lab.id}, ${trackId} track: the driver's table is operations.yaml`, async (t) => {
        if (!process.env.CI && !(await detectToolchain(catalog.track(trackId), process.env)).ok) t.skip();
        const declared = Object.keys(lab.operations ?? {}).sort();
        const answered = await driverOperations(lab.id, trackId);
        expect({ onlyInTheDriver: answered.filter((n) => !declared.includes(n)), onlyInOperationsYaml: declared.filter((n) => !answered.includes(n)) })
          .toEqual({ onlyInTheDriver: [], onlyInOperationsYaml: [] });
      }, 120_000);
    }
  }
});
