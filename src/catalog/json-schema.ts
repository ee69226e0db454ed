// Regenerate with `sysdesign dev schema` (npm run schema); json-schema.test.ts fails when stale.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../paths.js';
import { FixtureExpectation } from './schema/fixture.js';
import { Lab } from './schema/lab.js';
import { OperationsFile } from './schema/operations.js';
import { Plan } from './schema/plan.js';
import { QuestionFile } from './schema/question.js';
import { Track } from './schema/track.js';

/** The JSON Schemas published for editors (yaml-language-server), from the same zod schemas the loader uses. */
const TARGETS = [
  { path: 'questions/schema/question-file.schema.json', schema: QuestionFile, title: 'sysdesign-lab question file (questions/<topic>.yaml)' },
  { path: 'labs/schema/lab.schema.json', schema: Lab, title: 'sysdesign-lab lab (labs/<id>/lab.yaml)' },
  { path: 'labs/schema/plan.schema.json', schema: Plan, title: 'sysdesign-lab learning plan (labs/plan.yaml)' },
  { path: 'labs/schema/track.schema.json', schema: Track, title: 'sysdesign-lab track (labs/tracks/<id>.yaml)' },
  { path: 'labs/schema/operations.schema.json', schema: OperationsFile, title: 'sysdesign-lab library lab operations (labs/<id>/operations.yaml)' },
  { path: 'labs/schema/fixture-expect.schema.json', schema: FixtureExpectation, title: 'sysdesign-lab broken fixture (fixtures/submissions/<lab>/<track>/<case>/expect.yaml)' },
] as const;

export interface GeneratedFile { path: string; text: string }

export function jsonSchemaFiles(): GeneratedFile[] {
  return TARGETS.map(({ path, schema, title }) => {
    // "input": what an author writes (fields with defaults are optional); refinements have no JSON form.
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
    return { path, text: `${JSON.stringify({ ...json, title }, null, 2)}\n` };
  });
}

/** The published files that differ from what the schemas give now. */
export function staleJsonSchemas(root: string = PROJECT_ROOT): string[] {
  return jsonSchemaFiles().filter(({ path, text }) => {
    const file = join(root, path);
    return !existsSync(file) || readFileSync(file, 'utf8') !== text;
  }).map(({ path }) => path);
}

export function writeJsonSchemas(root: string = PROJECT_ROOT): string[] {
  return jsonSchemaFiles().map(({ path, text }) => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return path;
  });
}
