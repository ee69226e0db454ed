import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../paths.js';
import { jsonSchemaFiles } from './json-schema.js';

describe('published JSON Schemas', () => {
  for (const { path, text } of jsonSchemaFiles()) {
    it(`${path} is up to date (regenerate: sysdesign dev schema)`, () => {
      expect(readFileSync(join(PROJECT_ROOT, path), 'utf8')).toBe(text);
    });
  }

  it('describes a question file: kinds, rubric sections, required fields', () => {
    const schema = JSON.parse(jsonSchemaFiles()[0].text);
    const text = JSON.stringify(schema);
    expect(schema.required).toEqual(expect.arrayContaining(['topic', 'title', 'questions']));
    for (const word of ['"choice"', '"recall"', '"design"', 'deepDives', 'keyPoints', 'explanation']) expect(text).toContain(word);
  });
});
