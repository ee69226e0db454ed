import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadedLab } from '../catalog/catalog.js';
import { RUN } from './launcher.js';

/** The workspace README: the lab's contract, then every stage's instructions, then how to work. */
export async function renderWorkspaceReadme(lab: LoadedLab, trackId: string): Promise<string> {
  const contract = (await readFile(join(lab.dir, 'README.md'), 'utf8').catch(() => `# ${lab.title}\n\n${lab.summary}\n`)).trimEnd();
  const track = lab.tracks[trackId];
  const parts = [contract, '', '## Stages', ''];
  for (const [i, stage] of lab.stages.entries()) {
    const text = (await readFile(join(lab.dir, stage.instructions), 'utf8')).trim();
    parts.push(`### Stage ${i + 1}: ${stage.title}`, '', text, '');
  }
  parts.push('## Working on it', '',
    `Edit ${track.edit.map((f) => `\`${f}\``).join(', ')}.` +
      (track.provided.length ? ` The files ${track.provided.map((f) => `\`${f}\``).join(', ')} are provided: grading always uses their original copies.` : ''),
    '',
    '```sh',
    `${RUN} grade     # run the hidden checks, stage by stage`,
    `${RUN} hint      # one more hint`,
    '```', '');
  return parts.join('\n');
}
