import { z } from 'zod';

/**
 * A command line with placeholders the grader fills: {node} this Node binary, {tsx} the tsx loader, {esbuild} esbuild's CLI,
 * {entry} the lab track's entry file, {src} the assembled sources folder, {out} the build output folder.
 */
export const CommandLine = z.object({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
}).strict();
export type CommandLine = z.infer<typeof CommandLine>;

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
export const BuildCommand = CommandLine.extend({ needs: z.array(Requirement).default([]) }).strict();

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
  /** Text a runtime prints on stderr when it stops a program for a known reason, and what to tell the learner. */
  faults: z.array(z.object({ pattern: z.string().min(3), message: z.string().min(5) }).strict()).default([]),
  /**
   * Text in a failed build's output that means the toolchain could not build, whatever the code: the build
   * is tried once more, then reported as a problem of the machine's setup (exit 3), not of the learner's code.
   */
  toolchainFaults: z.array(z.object({ pattern: z.string().min(3), message: z.string().min(5) }).strict()).default([]),
}).strict();
export type Track = z.infer<typeof Track>;
