import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SysdesignError, CatalogError, InterruptedError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { PROJECT_ROOT } from '../paths.js';
import { killAllChildrenNow } from '../grader/process/registry.js';
import { COMMANDS, type CommandSpec } from './commands.js';
import { createProcessContext, type CliContext } from './context.js';

const VERSION = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).version as string;

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('sysdesign')
    .description('Staged system-design labs with hidden checks, load benchmarks and spaced-repetition drills.')
    .version(VERSION, '-v, --version')
    .option('--debug', 'print stack traces of internal errors')
    .option('--labs <dir>', 'also load the labs and questions of this lab pack folder (repeatable; SYSDESIGN_LABS adds more)', collect)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    });
  // Hooks of the program run before every subcommand's action, nested ones included.
  program.hook('preAction', () => { ctx.labPacks = program.opts<{ labs?: string[] }>().labs ?? []; });
  for (const spec of COMMANDS) addCommand(program, spec, ctx);
  return program;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function addCommand(parent: Command, spec: CommandSpec, ctx: CliContext): void {
  const command = parent.command(spec.usage).description(spec.description)
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });
  for (const option of spec.options ?? []) command.option(option.flags, option.description, option.default as string | boolean | undefined);
  for (const sub of spec.subcommands ?? []) addCommand(command, sub, ctx);
  if (spec.help) command.addHelpText('after', spec.help);
  const load = spec.load;
  if (load) {
    command.action(async (...received: unknown[]) => {
      const positional = received.slice(0, command.registeredArguments.length)
        .flatMap((a) => (Array.isArray(a) ? a : a === undefined ? [] : [a])) as string[];
      const options = command.opts();
      const { action } = await load();
      ctx.exitCode = await action(positional, options, ctx);
    });
  }
}

/** Runs one command line and returns the exit code; the only place errors become output. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    return reportError(error, ctx, argv.includes('--debug'));
  }
}

function reportError(error: unknown, ctx: CliContext, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version are successes; anything else commander said is a usage error it already printed.
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? ExitCode.Ok : ExitCode.Usage;
  }
  if (error instanceof InterruptedError) {
    ctx.stderr.write('sysdesign: interrupted\n');
    return error.exitCode;
  }
  if (error instanceof SysdesignError) {
    const label = error instanceof CatalogError ? 'invalid YAML' : 'error';
    ctx.stderr.write(`sysdesign: ${label}: ${error.message}\n`);
    if (error.hint) ctx.stderr.write(`  ${error.hint}\n`);
    if (debug && error.stack) ctx.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.stderr.write(`sysdesign: internal error: ${message}\n${INTERNAL_ERROR_HELP}\n`);
  if (debug && error instanceof Error && error.stack) ctx.stderr.write(`${error.stack}\n`);
  return ExitCode.Internal;
}

const INTERNAL_ERROR_HELP = `  This is a bug in sysdesign-lab, not in your code. Please report it with the command you ran,
  the output of \`sysdesign --version\` and \`node --version\`, and this message (run again with --debug for the stack).`;

/** Entry point of bin/sysdesign.js: wires the real process, Ctrl-C and the exit code. */
export async function main(): Promise<void> {
  const controller = new AbortController();
  const ctx = createProcessContext(controller.signal);
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) { killAllChildrenNow(); process.exit(130); }
    interrupted = true;
    controller.abort(new Error(`interrupted by ${signal}`));
    killAllChildrenNow();
    process.exitCode = 130;
    // A second chance for cleanup; then make sure nothing keeps us alive.
    setTimeout(() => process.exit(130), 3_000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', killAllChildrenNow);
  // `sysdesign list | head -1`: the reader went away, so nobody is left to tell anything. End quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(interrupted ? 130 : 0);
    });
  }
  const code = await runCli(process.argv.slice(2), ctx);
  process.exitCode = interrupted ? 130 : code;
}
