import { relative, resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { recordStart } from '../progress/labs.js';
import { detectToolchain, installAdvice } from '../tracks/toolchain.js';
import { colorsFor } from '../ui/colors.js';
import { defaultWorkspaceDir } from '../workspace/locate.js';
import { RUN, writeLaunchers } from '../workspace/launcher.js';
import { scaffoldWorkspace } from '../workspace/scaffold.js';
import { catalogFor, storeFor } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { parseOptions } from './shared-options.js';
import { askChoice, askYesNo } from './prompts.js';

export const StartOptions = z.object({
  lang: z.string().optional(),
  dir: z.string().optional(),
  force: z.boolean().default(false),
  yes: z.boolean().default(false),
});
export type StartOptions = z.infer<typeof StartOptions>;

export const action: Action = (args, raw, ctx) => runStart(args[0], parseOptions(StartOptions, raw), ctx);

export async function runStart(labId: string, opts: StartOptions, ctx: CliContext): Promise<number> {
  const catalog = await catalogFor(ctx);
  const lab = catalog.lab(labId);
  const tracks = Object.keys(lab.tracks);
  const chosen = opts.lang ?? (ctx.interactive ? await askTrack(tracks, catalog.tracks, ctx) : undefined);
  const trackId = chosen ?? (tracks.includes('ts') ? 'ts' : tracks[0]);
  if (!lab.tracks[trackId]) throw new UsageError(`${lab.id} has no "${trackId}" track`, `pick one of: ${tracks.map((t) => `--lang ${t}`).join(', ')}.`);
  const dir = opts.dir ? resolve(ctx.cwd, opts.dir) : defaultWorkspaceDir(ctx.cwd, lab.id);
  const store = storeFor(ctx);
  await store.checkWritable(); // before the workspace is made: a start that cannot be recorded leaves nothing behind
  const result = await scaffoldWorkspace({
    lab, track: trackId, dir, force: opts.force, now: ctx.now(),
    declinedHint: ctx.interactive ? 'your files are as they were.' : 'there is no terminal to ask on; add --yes to replace them without asking (a backup is kept).',
    confirm: async (question) => opts.yes || (ctx.interactive && (await askYesNo(question, ctx))),
  });
  const shown = relative(ctx.cwd, dir) || '.';
  if (result.outcome === 'reused' && chosen && chosen !== result.track) {
    throw new UsageError(`${shown} already holds your ${lab.id} workspace in the ${catalog.track(result.track).title} track; nothing was changed`,
      `to work on the ${catalog.track(trackId).title} track too, start it in another folder: \`${RUN} start ${lab.id} --lang ${trackId} --dir ${shown}-${trackId}\`.`);
  }
  await writeLaunchers(dir);
  if (result.outcome !== 'reused') {
    await recordStart(store, { lab: lab.id, track: result.track, workspace: dir, stagesTotal: lab.stages.length, now: ctx.now() });
  }

  const c = colorsFor(ctx.stdout, ctx.env);
  const trackTitle = catalog.track(result.track).title;
  const w = (line = '') => ctx.stdout.write(`${line}\n`);
  if (result.outcome === 'reused') w(c.yellow(`${shown} already holds your ${lab.id} workspace (${trackTitle}); nothing was overwritten.`));
  else w(c.green(`${result.outcome === 'created' ? 'Created' : 'Replaced'} ${shown}: ${lab.title}, ${trackTitle} track, ${lab.stages.length} stages.`));
  if (result.backup) w(c.dim(`Your previous files are in ${relative(ctx.cwd, result.backup)}.`));
  w();
  w(`  Edit   ${result.files.map((f) => c.bold(`${shown}/${f}`)).join(', ')}`);
  w(`  Read   ${shown}/README.md (the contract, then stage 1: ${lab.stages[0].title})`);
  w();
  w('Next:');
  if (shown !== '.') w(`  cd ${shown}`);
  w(`  ${RUN} grade      # run the hidden checks`);
  w(`  ${RUN} hint       # when stuck`);
  const track = catalog.track(result.track);
  if (!(await detectToolchain(track, ctx.env)).ok) {
    const others = tracks.filter((t) => t !== result.track);
    ctx.stderr.write(c.yellow(`\nNote: \`${track.toolchain!.command}\` was not found; grading needs it: ${installAdvice(track, others)}\n`));
  }
  return ExitCode.Ok;
}

function askTrack(tracks: string[], known: Map<string, { title: string }>, ctx: CliContext): Promise<string> {
  return askChoice('Which language?', tracks.map((t) => ({ name: t, message: known.get(t)?.title ?? t })), ctx);
}
