// Author tool: `npx tsx src/catalog/validate-files.ts questions/*.yaml` prints located problems.
import { basename } from 'node:path';
import { CatalogError, formatProblem } from '../errors.js';
import { loadYamlFile } from './load-yaml.js';
import { QuestionFile } from './schema/question.js';
import { Plan } from './schema/plan.js';

let bad = 0;
for (const file of process.argv.slice(2)) {
  const schema = basename(file) === 'plan.yaml' ? Plan : QuestionFile;
  try {
    const value = await loadYamlFile(file, schema);
    const count = 'questions' in value ? value.questions.length : value.parts.length;
    console.log(`ok ${file} (${count})`);
  } catch (e) {
    bad++;
    if (e instanceof CatalogError) e.problems.forEach((p) => console.log(formatProblem(p)));
    else throw e;
  }
}
process.exitCode = bad ? 1 : 0;
