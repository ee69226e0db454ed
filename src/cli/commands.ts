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
  /** Shown after the options in `<command> --help` (e.g. a protocol scripts rely on). */
  help?: string;
}

const DIR: OptionSpec = { flags: '--dir <path>', description: 'the workspace folder (default: the one you are in)' };
const JSON_OUT: OptionSpec = { flags: '--json', description: 'print one JSON document' };

const QUIZ_PLAIN_HELP = `
Plain mode (--plain, or whenever stdin is not a terminal) reads answers line by line:
  choice    the letter of the option: "b"; for "select all that apply", the letters: "a,c"
            (options are shuffled at each showing; --seed fixes the order)
  recall    your answer, one or more lines, ended by an empty line (or a line holding a single ".");
            then a rating: 1 again, 2 hard, 3 good, 4 easy
  design    your answer, ending with a line holding a single "."; then the numbers of the rubric
            points you covered ("1,4,7"), "-" for none: nothing is pre-marked, judge against the rubric
  estimate  a number: "12000", "12k", "1.2e4", "40 GB" (the unit word is ignored); within 10% is
            exact, within 2x still counts
  "q" on its own line ends the session early (q also quits the screen). Each result is printed,
  then a summary. A card you get wrong ("again") comes back later in the same session; design
  prompts are scheduled apart, in days.

Environment: SYSDESIGN_NOW=<ISO date> fixes the clock (for scripts and tests);
SYSDESIGN_QUESTIONS=<folder> reads another question bank; EDITOR/VISUAL: Ctrl-E on a design prompt opens it.`;

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
      { flags: '--previous', description: 'run the stages this workspace already passed again too (regressions)' },
      { flags: '--repeat <n>', description: 'run the randomised and concurrent stages n times with different seeds; report the pass rate' },
      { flags: '--junit <file>', description: 'also write the results as JUnit XML' },
      { flags: '--trace <file>', description: 'cluster labs: write every simulated event as JSON lines' },
      { flags: '--quick', description: "shorten the load benchmark to the lab's quick duration" },
      { flags: '--fresh', description: 'measure the reference solution again instead of using its cached result' },
    ],
    load: () => import('./grade.js'),
  },
  {
    usage: 'bench [lab]', description: "Run only the load benchmark of a service lab: your server beside the reference's",
    options: [
      DIR, JSON_OUT,
      { flags: '--fresh', description: 'measure the reference solution again instead of using its cached result' },
      { flags: '--duration <seconds>', description: "measure for this long instead of the lab's duration" },
      { flags: '--quick', description: "use the lab's quick duration" },
    ],
    load: () => import('./bench.js'),
  },
  {
    usage: 'hint [lab]', description: "Show the next hint for your workspace's lab",
    options: [DIR, { flags: '--all', description: 'show every hint so far again' }],
    load: () => import('./hint.js'),
  },
  {
    usage: 'quiz', description: 'Drill questions with spaced repetition (FSRS), or run a timed mock interview',
    options: [
      { flags: '--topic <topic>', description: 'only this topic (a file of questions/)' },
      { flags: '--plan <item>', description: 'only the questions of this plan item, e.g. hld.scale.caching' },
      { flags: '--kind <kind>', description: 'only choice, recall, design or estimate questions' },
      { flags: '--count <n>', description: 'at most n cards (default 20; in an exam, the recall questions, default 3)' },
      { flags: '--exam', description: 'a mock interview: one design prompt against the clock, then recall questions' },
      { flags: '--minutes <m>', description: "the exam's time limit (default: the prompt's suggested time)" },
      { flags: '--plain', description: 'line-based text instead of the screen (automatic when stdin is not a terminal)' },
      { flags: '--seed <n>', description: 'seed the shuffle of the options (to replay or script a session)' },
      { flags: '--stats', description: 'cards new / learning / review, due today, 30-day correct rate, by topic, streak' },
      JSON_OUT,
      { flags: '--set-new-per-day <n>', description: 'how many new cards a day may bring (default 20)' },
    ],
    help: QUIZ_PLAIN_HELP,
    load: () => import('./quiz.js'),
  },
  {
    usage: 'plan', description: 'The learning plan, ticked from your passed labs and quiz answers, with progress per module',
    options: [
      JSON_OUT,
      { flags: '--markdown', description: 'write the plan as a markdown checklist with the session log' },
      { flags: '--out <file>', description: 'with --markdown: write to this file instead of stdout' },
    ],
    load: () => import('./plan.js'),
    subcommands: [
      { usage: 'check <item>', description: 'Tick a plan item by hand (kept apart from ticks earned by results)', load: () => import('./plan.js').then((m) => ({ action: m.checkAction })) },
      { usage: 'uncheck <item>', description: 'Remove a tick by hand', load: () => import('./plan.js').then((m) => ({ action: m.uncheckAction })) },
      { usage: 'import <file>', description: 'Read a markdown checklist back: its ticked items become ticks by hand', load: () => import('./plan.js').then((m) => ({ action: m.importAction })) },
    ],
  },
  {
    usage: 'note <text...>', description: "Add a note to today's entry of the session log",
    load: () => import('./note.js'),
  },
  {
    usage: 'log', description: 'Show the session log: what you did each day',
    options: [{ flags: '--days <n>', description: 'only the last n days' }, JSON_OUT],
    load: () => import('./log.js'),
  },
  {
    usage: 'status', description: 'Home screen: plan progress, current lab and stage, quiz cards due today, streak',
    options: [JSON_OUT], load: () => import('./status.js'),
  },
  {
    usage: 'progress', description: 'Move your whole progress store between machines',
    subcommands: [
      { usage: 'export <file>', description: 'Write your progress to a file', load: () => import('./progress.js').then((m) => ({ action: m.exportAction })) },
      { usage: 'import <file>', description: 'Merge a file from `progress export` into your progress (newer records win, nothing dropped)', load: () => import('./progress.js').then((m) => ({ action: m.importAction })) },
    ],
  },
  {
    usage: 'watch', description: 'Grade on every save of your files; keys: h hint, r re-run, b benchmark, q quit',
    options: [DIR, { flags: '--poll', description: 'poll for changes (where file events are unreliable)' }, { flags: '--debounce <ms>', description: 'wait this long after a save', default: '250' }],
    load: () => import('./watch.js'),
  },
  {
    usage: 'solution [lab]', description: 'Show the reference solution of your track, once every stage has passed',
    options: [DIR, { flags: '--diff', description: 'show it as a diff against your file' }],
    load: () => import('./solution.js'),
  },
  {
    usage: 'reset [lab]', description: 'Put the starter files back (asks first; your files go to a backup folder)',
    options: [DIR, { flags: '--yes', description: 'do not ask (for scripts)' }],
    load: () => import('./reset.js'),
  },
  {
    usage: 'doctor', description: 'Check Node, each track\'s toolchain, the progress store, and the labs and questions',
    options: [{ flags: '--lang <track...>', description: 'the tracks you use (default: ts and those of your labs)' }, JSON_OUT],
    load: () => import('./doctor.js'),
  },
  {
    usage: 'completion <shell>', description: 'Print a completion script for bash, zsh or fish',
    load: () => import('./completion.js'),
  },
  {
    usage: 'dev', description: 'Tools for lab authors (labs/AUTHORING.md)',
    subcommands: [
      {
        usage: 'check [labs...]', description: "Every rule a lab must keep, then: references pass, starters fail stage 1, every fixture fails its named check",
        options: [
          { flags: '--lang <track>', description: 'only this track' },
          { flags: '--seed <n>', description: 'seed for randomised stages', default: '1' },
          { flags: '--verbose', description: 'print each grade transcript' },
          { flags: '--repeat <n>', description: 'grade each subject n times (randomised and concurrent stages); each must give its verdict every time' },
          { flags: '--only <names>', description: 'only these parts (comma-separated: rules, reference, starter, or fixture folder names)' },
        ],
        load: () => import('./dev-check.js'),
      },
      {
        usage: 'new <lab>', description: 'Scaffold a new lab from the commented templates of labs/templates/<kind>/ (lab, both tracks, fixtures)',
        options: [
          { flags: '--kind <kind>', description: 'library, service or cluster' },
          { flags: '--dir <folder>', description: 'the labs folder to create it in (default: labs/ of this package); its fixtures go to fixtures/ beside it' },
          { flags: '--title <title>', description: "the lab's title (default: from its id)" },
          { flags: '--plan <item>', description: "the plan item the lab completes (default: the template's); linked from the plan beside the labs" },
        ],
        load: () => import('./dev-new.js'),
      },
      {
        usage: 'validate [files...]', description: 'Validate YAML with located errors: the files named, or every lab, track, question file, the plan and every expect.yaml',
        load: () => import('./dev-validate.js'),
      },
      {
        usage: 'schema', description: 'Write the JSON Schemas editors use (labs/schema/, questions/schema/)',
        options: [{ flags: '--check', description: 'only report stale schemas (exit 1), writing nothing' }],
        load: () => import('./dev-schema.js'),
      },
    ],
  },
];
