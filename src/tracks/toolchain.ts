import { execa } from 'execa';
import type { Requirement, Track } from '../catalog/schema/track.js';
import { ToolchainMissingError } from '../errors.js';

/** Runs the track's version command; a track without a toolchain needs only this Node. */
export async function detectToolchain(track: Track, env: NodeJS.ProcessEnv = process.env): Promise<{ ok: boolean; version: string }> {
  if (!track.toolchain) return { ok: true, version: `node ${process.version}` };
  return detectCommand(track.toolchain, env);
}

/** Whether `command versionArgs…` runs, and the first line it prints. */
export async function detectCommand(tool: { command: string; versionArgs: string[] }, env: NodeJS.ProcessEnv = process.env): Promise<{ ok: boolean; version: string }> {
  try {
    const result = await execa(tool.command, tool.versionArgs, { env, timeout: 10_000, reject: false });
    if (result.exitCode === 0) return { ok: true, version: String(result.stdout).trim().split('\n')[0] };
  } catch { /* not installed */ }
  return { ok: false, version: '' };
}

/** Every program a track's build variants need besides the toolchain, once each, with the variants needing it. */
export function trackRequirements(track: Track): { need: Requirement; variants: string[] }[] {
  const byCommand = new Map<string, { need: Requirement; variants: string[] }>();
  for (const [variant, build] of Object.entries(track.build)) {
    for (const need of build.needs) {
      const entry = byCommand.get(need.command) ?? { need, variants: [] };
      entry.variants.push(variant);
      byCommand.set(need.command, entry);
    }
  }
  return [...byCommand.values()];
}

export function requirementInstall(need: Requirement): string {
  return `Debian/Ubuntu: \`${need.install.debian}\`; macOS: \`${need.install.macos}\``;
}

/** Before a build variant runs: what it needs must be installed, or the build would fail for no fault of the code. */
export async function requireBuildNeeds(track: Track, variant: string, env?: NodeJS.ProcessEnv): Promise<void> {
  for (const need of track.build[variant]?.needs ?? []) {
    if ((await detectCommand(need, env)).ok) continue;
    throw new ToolchainMissingError(`\`${need.command}\` was not found on PATH, and ${need.why} (the ${track.title} track's ${variant} build)`,
      `install it (${requirementInstall(need)}); \`npx sysdesign doctor\` checks everything the tracks need.`);
  }
}

/** How to install a track's toolchain, on the platforms the track names. */
export function installLines(track: Track): string {
  const tc = track.toolchain;
  return tc ? `Debian/Ubuntu: \`${tc.install.debian}\`; macOS: \`${tc.install.macos}\`` : '';
}

/** What to do about a missing toolchain: install it, or pick one of the lab's other tracks. */
export function installAdvice(track: Track, otherTracks: string[]): string {
  const alternative = otherTracks.length ? `, or pick another track with ${otherTracks.map((t) => `--lang ${t}`).join(' / ')}` : '';
  return `install it (${installLines(track)})${alternative}.`;
}

export async function requireToolchain(track: Track, otherTracks: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const status = await detectToolchain(track, env);
  if (status.ok) return status.version;
  throw new ToolchainMissingError(`the ${track.title} toolchain (\`${track.toolchain!.command}\`) was not found on PATH`, installAdvice(track, otherTracks));
}
