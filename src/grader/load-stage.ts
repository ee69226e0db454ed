import { relative } from 'node:path';
import type { LoadedLab } from '../catalog/catalog.js';
import type { Stage } from '../catalog/schema/lab.js';
import { LabDefinitionError, SysdesignError } from '../errors.js';
import { PROJECT_ROOT } from '../paths.js';
import { importLabModule } from './lab-modules.js';
import type { StageDefinition } from './api.js';

/**
 * Imports a stage's hidden checks and makes sure they are the stage lab.yaml names; a checks file that does
 * not load or defines another stage is a LabDefinitionError naming the file, never an internal error.
 */
export async function loadStage(lab: LoadedLab, stage: Stage): Promise<StageDefinition> {
  const file = displayPath(lab, stage.checks);
  let module: { stage?: StageDefinition };
  try {
    module = (await importLabModule(lab.dir, stage.checks)).module as { stage?: StageDefinition };
  } catch (e) {
    if (e instanceof SysdesignError) throw e; // a lab pack's refused import, already located
    throw new LabDefinitionError(file, `cannot load the checks of stage ${stage.id} of ${lab.id} (a lab inside this package: run \`npm run build\`): ${(e as Error).message}`);
  }
  const def = module.stage;
  if (!def || !Array.isArray(def.checks)) throw new LabDefinitionError(file, 'does not export `stage = defineStage(…)`');
  if (def.id !== stage.id) throw new LabDefinitionError(file, `defines stage "${def.id}" but lab.yaml names it "${stage.id}"`);
  return def;
}

/** A lab file as an author finds it: relative to the project for labs inside it, absolute elsewhere. */
export function displayPath(lab: LoadedLab, file: string): string {
  const rel = relative(PROJECT_ROOT, `${lab.dir}/${file}`);
  return rel.startsWith('..') ? `${lab.dir}/${file}` : rel;
}
