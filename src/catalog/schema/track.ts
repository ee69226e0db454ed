import { z } from 'zod';

/**
 * A command line with placeholders the grader fills: {node} this Node binary, {tsx} the tsx loader, {esbuild} esbuild's CLI,
 * {entry} the lab track's entry file, {src} the assembled sources folder, {out} the build output folder,
 * {memoryMiB} the lab's memory limit (for a runtime's own heap limit, so it stops with a clear message).
 */
export const CommandLine = z.object({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
}).strict();
export type CommandLine = z.infer<typeof CommandLine>;

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
  build: z.record(z.string(), CommandLine).default({}),
  run: CommandLine,
  /** Text a runtime prints on stderr when it stops a program for a known reason, and what to tell the learner. */
  /** How a program of this track is held to the lab's memory limit, beyond the grader's own watch on resident memory. */
  memory: z.object({
    /** Text the runtime prints when the heap limit set from {memoryMiB} in `run` stopped it. */
    outOfMemory: z.array(z.string().min(3)).default([]),
    /** An address-space limit of the lab's limit plus this (prlimit --as), for runtimes that reserve little they do not use; absent: none. */
    addressSpaceExtraMiB: z.number().int().positive().optional(),
  }).strict().default({ outOfMemory: [] }),
  faults: z.array(z.object({ pattern: z.string().min(3), message: z.string().min(5) }).strict()).default([]),
}).strict();
export type Track = z.infer<typeof Track>;
