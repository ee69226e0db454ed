import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { catalogFor } from './catalog-access.js';
import { COMMANDS, type Action, type CommandSpec } from './commands.js';
import type { CliContext } from './context.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

export const action: Action = async (args, _raw, ctx) => runCompletion(args[0], ctx);

/** Prints a completion script for commands, their flags and the lab ids, built from the command table. */
export async function runCompletion(shell: string | undefined, ctx: CliContext): Promise<number> {
  if (!SHELLS.includes(shell as Shell)) throw new UsageError(`no completion for "${shell ?? ''}"`, `pick one of: ${SHELLS.join(', ')}.`);
  const labs = (await catalogFor(ctx)).labs.map((l) => l.id);
  const words = commandWords(COMMANDS);
  ctx.stdout.write(SCRIPTS[shell as Shell](words, labs));
  return ExitCode.Ok;
}

interface CommandWords { path: string; name: string; flags: string[]; takesLab: boolean; subcommands: string[] }

/** Flattens the table: every command (and subcommand) with its flags and whether it takes a lab id. */
export function commandWords(specs: CommandSpec[], parent = ''): CommandWords[] {
  return specs.flatMap((spec) => {
    const name = spec.usage.split(' ')[0];
    const path = parent ? `${parent} ${name}` : name;
    const flags = (spec.options ?? []).map((o) => o.flags.split(/[ ,]+/).find((f) => f.startsWith('--'))!).filter(Boolean);
    const own = { path, name, flags, takesLab: /[<[]lab/.test(spec.usage), subcommands: (spec.subcommands ?? []).map((s) => s.usage.split(' ')[0]) };
    return [own, ...commandWords(spec.subcommands ?? [], path)];
  });
}

const SCRIPTS: Record<Shell, (words: CommandWords[], labs: string[]) => string> = {
  bash: (words, labs) => {
    const top = words.filter((w) => !w.path.includes(' ')).map((w) => w.name).join(' ');
    const cases = words.map((w) => `    "${w.path}") opts="${[...w.subcommands, ...w.flags, ...(w.takesLab ? labs : [])].join(' ')}" ;;`).join('\n');
    return `# sysdesign completion for bash: eval "$(sysdesign completion bash)"
_sysdesign() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" opts="${top} --help --version"
  local i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -*) ;; *) path="\${path:+$path }\${COMP_WORDS[i]}" ;; esac
  done
  case "$path" in
${cases}
  esac
  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
}
complete -F _sysdesign sysdesign sysdesign-lab
`;
  },
  zsh: (words, labs) => {
    const cases = words.map((w) => `    "${w.path}") opts=(${[...w.subcommands, ...w.flags, ...(w.takesLab ? labs : [])].join(' ')}) ;;`).join('\n');
    const top = words.filter((w) => !w.path.includes(' ')).map((w) => w.name).join(' ');
    return `#compdef sysdesign sysdesign-lab
# sysdesign completion for zsh: eval "$(sysdesign completion zsh)"
_sysdesign() {
  local -a opts words_done
  words_done=(\${\${words[2,CURRENT-1]}:#-*})
  case "\${(j: :)words_done}" in
    "") opts=(${top} --help --version) ;;
${cases}
  esac
  compadd -- $opts
}
compdef _sysdesign sysdesign sysdesign-lab
`;
  },
  fish: (words, labs) => {
    const lines = ['# sysdesign completion for fish: sysdesign completion fish | source', 'complete -c sysdesign -f'];
    for (const w of words.filter((x) => !x.path.includes(' '))) lines.push(`complete -c sysdesign -n '__fish_use_subcommand' -a '${w.name}'`);
    for (const w of words) {
      const parts = w.path.split(' ');
      const cond = parts.map((p) => `__fish_seen_subcommand_from ${p}`).join('; and ');
      for (const s of w.subcommands) lines.push(`complete -c sysdesign -n '${cond}' -a '${s}'`);
      for (const f of w.flags) lines.push(`complete -c sysdesign -n '${cond}' -l '${f.slice(2)}'`);
      if (w.takesLab) lines.push(`complete -c sysdesign -n '${cond}' -a '${labs.join(' ')}'`);
    }
    lines.push('complete -c sysdesign-lab -w sysdesign', '');
    return lines.join('\n');
  },
};
