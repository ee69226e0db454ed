import type { LoadedLab } from '../catalog/catalog.js';
import type { Stage } from '../catalog/schema/lab.js';
import { SysdesignError } from '../errors.js';
import { importLabModule } from './lab-modules.js';
import type { StageDefinition } from './api.js';

/** Imports a stage's hidden checks (compiled with the project) and makes sure they are the stage lab.yaml names. */
export async function loadStage(lab: LoadedLab, stage: Stage): Promise<StageDefinition> {
  let file = stage.checks;
  let module: { stage?: StageDefinition };
  try {
    const loaded = await importLabModule(lab.dir, stage.checks);
    file = loaded.path;
    module = loaded.module as { stage?: StageDefinition };
  } catch (e) {
    if (e instanceof SysdesignError) throw e; // a lab pack's refused import, already located
    throw new Error(`cannot load the checks of stage ${stage.id} of ${lab.id} from ${file} (run \`npm run build\`?): ${(e as Error).message}`);
  }
  const def = module.stage;
  if (!def || !Array.isArray(def.checks)) throw new Error(`${file} does not export \`stage = defineStage(…)\``);
  if (def.id !== stage.id) throw new Error(`${file} defines stage "${def.id}" but lab.yaml names it "${stage.id}"`);
  return def;
}
