import { z } from 'zod';
import { LabPath } from './lab.js';

/**
 * A command line with placeholders the grader fills: {node} this Node binary, {tsx} the tsx loader, {esbuild} esbuild's CLI,
 * {entry} the lab track's entry file, {src} the assembled sources folder, {out} the build output folder,
 * {memoryMiB} the lab's memory limit (for a runtime's own heap limit, so it stops with a clear message), {standbyLauncher}
 * the source of the grader's standby launcher (track `standby`).
 */
export const CommandLine = z.object({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
}).strict();
export type CommandLine = z.infer<typeof CommandLine>;

/**
 * Files the track gives every workspace of one lab kind (the cluster node runtime and its driver): copied in at
 * `start`, provided (graded from the pristine copy), never part of a lab folder.
 */
export const TrackRuntime = z.object({
  /** Folder beside the track's YAML file holding the files. */
  dir: LabPath,
  /** File names inside `dir`, copied to the same names in the workspace. */
  files: z.array(LabPath).min(1),
  /** The file the run command starts ({entry}) when the lab's track names none. */
  entry: LabPath.optional(),
}).strict();
export type TrackRuntime = z.infer<typeof TrackRuntime>;
/** A program a build variant needs besides the toolchain itself (a C compiler for Go's race detector). */
export const Requirement = z.object({
  command: z.string().min(1),
  versionArgs: z.array(z.string()).default(['--version']),
  /** Why it is needed, as the learner reads it: "the race detector's builds (-race) use cgo". */
  why: z.string().min(5),
  install: z.object({ debian: z.string(), macos: z.string() }).strict(),
}).strict();
export type Requirement = z.infer<typeof Requirement>;

/** A build variant: its command line and what it needs installed. */
export const BuildCommand = CommandLine.extend({
  needs: z.array(Requirement).default([]),
  /**
   * false: programs of this build run without the track's address-space limit (memory.addressSpaceExtraMiB),
   * held by the watch on resident memory alone. Go's race detector reserves terabytes of shadow memory it
   * never touches, and maps it again whenever it resets its shadow: under any address-space limit that fails.
   */
  addressSpaceLimit: z.boolean().default(true),
}).strict();

export const Track = z.object({
  id: z.string().regex(/^[a-z0-9]+$/),
  title: z.string().min(1),
  /** How to tell the toolchain is there; absent when this Node is all the track needs. */
  toolchain: z.object({
    command: z.string().min(1),
    versionArgs: z.array(z.string()).default(['--version']),
    install: z.object({ debian: z.string(), macos: z.string() }).strict(),
  }).strict().optional(),
  /** Build variants by name; `default` is used by stages that ask for none or for one the track lacks. */
  build: z.record(z.string(), BuildCommand).default({}),
  run: CommandLine,
  /**
   * The same program started ahead of need: a run line whose process waits before any program code runs
   * (the grader's launcher, {standbyLauncher}) until released. A library lab that restarts its program
   * then releases a waiting process instead of paying the runtime's start. Absent: every start is `run`.
   */
  standby: CommandLine.optional(),
  /** Runtime files by lab kind (e.g. `cluster`), shared by every lab of that kind. */
  runtime: z.record(z.string(), TrackRuntime).default({}),
  /**
   * How long a fresh process of a library lab's program may take to start (load its runtime, compile on
   * the fly) before it answers: until its first reply, calls wait this much longer than their own bound,
   * so a restart on a busy machine is never charged as a slow reply.
   */
  startAllowanceMs: z.number().int().positive().max(120_000).default(10_000),
  /** Text a runtime prints on stderr when it stops a program for a known reason, and what to tell the learner. */
  /** How a program of this track is held to the lab's memory limit, beyond the grader's own watch on resident memory. */
  memory: z.object({
    /** Text the runtime prints when the heap limit set from {memoryMiB} in `run` stopped it. */
    outOfMemory: z.array(z.string().min(3)).default([]),
    /** An address-space limit of the lab's limit plus this (prlimit --as), for runtimes that reserve little they do not use; absent: none. */
    addressSpaceExtraMiB: z.number().int().positive().optional(),
  }).strict().default({ outOfMemory: [] }),
  faults: z.array(z.object({ pattern: z.string().min(3), message: z.string().min(5) }).strict()).default([]),
  /**
   * Text in a failed build's output that means the toolchain could not build, whatever the code: the build
   * is tried once more, then reported as a problem of the machine's setup (exit 3), not of the learner's code.
   */
  toolchainFaults: z.array(z.object({ pattern: z.string().min(3), message: z.string().min(5) }).strict()).default([]),
}).strict();
export type Track = z.infer<typeof Track>;
