import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { pristinePath, type LoadedLab } from '../catalog/catalog-index.js';
import type { CommandLine, Track } from '../catalog/schema/track.js';
import { BuildFailedError, ToolchainMissingError, UsageError } from '../errors.js';
import { requireBuildNeeds } from './toolchain.js';
import { inside, listFiles, sha256File } from '../workspace/files.js';
import { METADATA_DIR } from '../workspace/metadata.js';
import type { SpawnSpec } from '../grader/process/child.js';
import { expand, programEnv } from './command.js';

/** Bound on one build; a first Go race build on a cold cache is the slow case. */
const BUILD_TIMEOUT_MS = 300_000;
const SKIPPED = new Set([METADATA_DIR, 'node_modules', '.git']);

export interface Sources {
  /** Folder holding the program to build: the learner's files plus pristine provided files. */
  srcDir: string;
  /** Provided files the learner changed (graded with the original instead). */
  changedProvided: string[];
}

/**
 * Builds the folder a program is built from: each layer's files in order (later ones win), then the
 * lab's pristine provided files on top, so a learner's edit to a provided file never reaches grading.
 */
export async function assembleSources(lab: LoadedLab, trackId: string, layers: string[], buildRoot: string): Promise<Sources> {
  const track = lab.tracks[trackId];
  const srcDir = join(buildRoot, 'src');
  await rm(srcDir, { recursive: true, force: true });
  await mkdir(srcDir, { recursive: true });
  for (const layer of layers) {
    for (const file of await listFiles(layer)) {
      if (SKIPPED.has(file.split('/')[0])) continue;
      // Node reads a name that is not valid UTF-8 with U+FFFD in it, and then cannot open it by that name.
      if (file.includes('\uFFFD')) throw new UsageError(`cannot build from ${layer}: the file name "${file}" is not valid UTF-8`, 'rename or remove that file, then grade again.');
      const target = inside(srcDir, file);
      await mkdir(dirname(target), { recursive: true });
      await copyFile(join(layer, file), target);
    }
  }
  const changedProvided: string[] = [];
  for (const file of track.provided) {
    const pristine = pristinePath(lab, trackId, file);
    const target = inside(srcDir, file);
    if (!existsSync(target) || (await sha256File(target)) !== (await sha256File(pristine))) changedProvided.push(file);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(pristine, target);
  }
  // Only layered files a learner touched count as changed; a missing provided file in a layer is normal for fixtures.
  return { srcDir, changedProvided: changedProvided.filter((f) => layers.some((l) => existsSync(join(l, f)))) };
}

/** The track's toolchain fault whose pattern the build output shows, if any. */
export function toolchainFault(track: Track, output: string): { pattern: string; message: string } | undefined {
  return track.toolchainFaults.find((f) => output.includes(f.pattern));
}

/** The build variant a stage asks for, or the track's default, or none (interpreted tracks). */
export function variantFor(track: Track, wanted: string): string | undefined {
  if (track.build[wanted]) return wanted;
  if (track.build.default) return 'default';
  return undefined;
}

export interface Built { variant: string | undefined; spawn: SpawnSpec; buildMs: number }

export async function buildVariant(opts: {
  track: Track; sources: Sources; buildRoot: string; variant: string | undefined;
  env: NodeJS.ProcessEnv; signal?: AbortSignal; extraEnv?: Record<string, string>;
} & ({ lab: LoadedLab; trackId: string } | { entry: string | undefined; memoryMiB: number })): Promise<Built> {
  const { track, sources, variant } = opts;
  const out = join(opts.buildRoot, variant ?? 'run');
  const memoryMiB = 'entry' in opts ? opts.memoryMiB : opts.lab.memoryMiB;
  const values = { entry: 'entry' in opts ? opts.entry : opts.lab.tracks[opts.trackId].entry, src: sources.srcDir, out, memoryMiB };
  const started = Date.now();
  if (variant) {
    await requireBuildNeeds(track, variant, opts.env);
    await mkdir(out, { recursive: true });
    const cmd = expand(track.build[variant], values);
    const build = () => execa(cmd.command, cmd.args, {
      cwd: sources.srcDir, env: { ...opts.env, ...cmd.env }, reject: false, all: true, timeout: BUILD_TIMEOUT_MS,
      cancelSignal: opts.signal, stdin: 'ignore',
    });
    let result = await build();
    // Output that blames the toolchain (a missing standard package, no C compiler) gets one more try, then
    // is reported as the machine's problem: never as "your code does not build".
    if (result.exitCode !== 0 && toolchainFault(track, String(result.all ?? ''))) result = await build();
    if (result.exitCode !== 0) {
      const output = String(result.all ?? '').split('\n').slice(-60).join('\n');
      const fault = toolchainFault(track, output);
      if (fault && !opts.signal?.aborted) {
        throw new ToolchainMissingError(`the ${track.title} toolchain could not build the program, whatever the code: ${fault.message}`,
          `this is the machine's setup, not your code (it failed twice). The build said:\n${output.split('\n').filter(Boolean).slice(-5).map((l) => `    ${l}`).join('\n')}`);
      }
      const why = result.timedOut ? `took longer than ${BUILD_TIMEOUT_MS / 1000} s` : 'failed';
      throw new BuildFailedError(`the build of your ${track.title} code ${why}${variant === 'default' ? '' : ` (${variant} build)`}`, output);
    }
  }
  const memory = {
    mib: memoryMiB, outOfMemory: track.memory.outOfMemory,
    ...(track.memory.addressSpaceExtraMiB && (!variant || track.build[variant].addressSpaceLimit)
      ? { addressSpaceMiB: memoryMiB + track.memory.addressSpaceExtraMiB } : {}),
  };
  const spawnOf = (line: CommandLine): SpawnSpec => {
    const run = expand(line, values);
    return { command: run.command, args: run.args, cwd: sources.srcDir, env: programEnv(opts.env, { ...run.env, ...opts.extraEnv }), memory };
  };
  return {
    variant,
    buildMs: Date.now() - started,
    spawn: { ...spawnOf(track.run), ...(track.standby ? { standby: spawnOf(track.standby) } : {}) },
  };
}
