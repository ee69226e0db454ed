import type { CliContext } from './context.js';

/** What a command module exports: positional arguments and raw options in, exit code out. */
export type Action = (args: string[], options: Record<string, unknown>, ctx: CliContext) => Promise<number>;

export interface OptionSpec { flags: string; description: string; default?: string | boolean }

export interface CommandSpec {
  /** Name and positional arguments, in commander's syntax: `grade [lab]`. */
  usage: string;
  description: string;
  options?: OptionSpec[];
  /** Loaded only when the command runs, so `--help` pays for none of the command's imports. */
  load?: () => Promise<{ action: Action }>;
  subcommands?: CommandSpec[];
}

const DIR: OptionSpec = { flags: '--dir <path>', description: 'the workspace folder (default: the one you are in)' };
const JSON_OUT: OptionSpec = { flags: '--json', description: 'print one JSON document' };

/** Every command, in the order `--help` lists them: the parser glue, as one typed table. */
export const COMMANDS: CommandSpec[] = [
  {
    usage: 'list', description: 'List the labs with their kind, difficulty, tracks and your status',
    options: [JSON_OUT], load: () => import('./list.js'),
  },
  {
    usage: 'start <lab>', description: 'Scaffold a lab into a workspace (./sysdesign-labs/<lab> unless --dir)',
    options: [
      { flags: '--lang <track>', description: 'the track: ts or go (asked on a terminal; ts otherwise)' },
      { flags: '--dir <path>', description: 'the workspace folder' },
      { flags: '--force', description: 'replace the lab files of an existing workspace (asks first, keeps a backup)' },
      { flags: '--yes', description: 'answer yes to the --force question (for scripts)' },
    ],
    load: () => import('./start.js'),
  },
  {
    usage: 'grade [lab]', description: 'Build your program and run the hidden checks, stage by stage',
    options: [
      DIR,
      { flags: '--json', description: 'print one JSON document (the shape of Exercism results.json)' },
      { flags: '--seed <n>', description: 'replay a randomised run with this seed' },
      { flags: '--stage <k>', description: 'run stages 1 to k only' },
      { flags: '--verbose', description: 'show every request and reply, passing checks too' },
    ],
    load: () => import('./grade.js'),
  },
  {
    usage: 'hint [lab]', description: "Show the next hint for your workspace's lab",
    options: [DIR, { flags: '--all', description: 'show every hint so far again' }],
    load: () => import('./hint.js'),
  },
  {
    usage: 'dev', description: 'Tools for lab authors',
    subcommands: [{
      usage: 'check [labs...]', description: 'References pass, starters fail stage 1, every fixture fails its named stage',
      options: [
        { flags: '--lang <track>', description: 'only this track' },
        { flags: '--seed <n>', description: 'seed for randomised stages', default: '1' },
        { flags: '--verbose', description: 'print each grade transcript' },
      ],
      load: () => import('./dev-check.js'),
    }],
  },
];
