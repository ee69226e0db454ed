import { execa } from 'execa';
import type { Track } from '../catalog/schema/track.js';
import { ToolchainMissingError } from '../errors.js';

/** Runs the track's version command; a track without a toolchain needs only this Node. */
export async function detectToolchain(track: Track, env: NodeJS.ProcessEnv = process.env): Promise<{ ok: boolean; version: string }> {
  if (!track.toolchain) return { ok: true, version: `node ${process.version}` };
  try {
    const result = await execa(track.toolchain.command, track.toolchain.versionArgs, { env, timeout: 10_000, reject: false });
    if (result.exitCode === 0) return { ok: true, version: String(result.stdout).trim().split('\n')[0] };
  } catch { /* not installed */ }
  return { ok: false, version: '' };
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
