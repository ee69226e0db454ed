import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadQuestionBank } from './questions.js';

const choice = (id: string, plan: string) => `  - id: ${id}
    kind: choice
    plan: [${plan}]
    prompt: Which of these is a question?
    options: [a, b, c]
    answer: [0]
    explanation: Because it is the first one.
`;

describe('loadQuestionBank', () => {
  it('loads the repository bank and indexes it by id and plan item', async () => {
    const bank = await loadQuestionBank();
    expect(bank.questions.length).toBeGreaterThan(0);
    const q = bank.questions[0];
    expect(bank.byId.get(q.id)).toBe(q);
    expect(bank.forPlanItem(q.plan[0])).toContain(q);
    expect(bank.forPlanItem('no.such.item')).toEqual([]);
  });

  it('goes on past a bad file and reports a repeated id in the later file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sysdesign-bank-'));
    await writeFile(join(dir, 'a.yaml'), `topic: a\ntitle: Topic A\nquestions:\n${choice('a.one', 'lld.go.interfaces')}`);
    await writeFile(join(dir, 'b.yaml'), `topic: b\ntitle: Topic B\nquestions:\n${choice('a.one', 'lld.go.interfaces')}`);
    await writeFile(join(dir, 'c.yaml'), 'topic: c\ntitle: [broken\n');
    await writeFile(join(dir, 'd.yaml'), `topic: d\ntitle: Topic D\nquestions:\n${choice('d.one', 'hld.scale.cdn')}`);
    const bank = await loadQuestionBank({ questionsDir: dir });
    expect(bank.questions.map((q) => `${q.topic}/${q.id}`)).toEqual(['a/a.one', 'd/d.one']);
    expect(bank.problems).toHaveLength(2);
    expect(bank.problems[0].problems[0]).toMatchObject({ file: join(dir, 'b.yaml'), line: 4, message: `id "a.one" is already used in topic "a" (${join(dir, 'a.yaml')})` });
    expect(bank.topics.get('d')).toBe('Topic D');
  });

  it('adds each lab pack\'s questions/ after the bank, and names the earlier file of a repeated id', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sysdesign-bank-'));
    const pack = await mkdtemp(join(tmpdir(), 'sysdesign-bank-pack-'));
    const empty = await mkdtemp(join(tmpdir(), 'sysdesign-bank-pack-'));
    await mkdir(join(pack, 'questions'));
    await writeFile(join(dir, 'a.yaml'), `topic: a\ntitle: Topic A\nquestions:\n${choice('a.one', 'lld.go.interfaces')}`);
    await writeFile(join(pack, 'questions', 'p.yaml'), `topic: p\ntitle: Pack\nquestions:\n${choice('p.one', 'hld.scale.cdn')}${choice('a.one', 'hld.scale.cdn')}`);
    const bank = await loadQuestionBank({ questionsDir: dir, packs: [empty, pack] });
    expect(bank.questions.map((q) => q.id)).toEqual(['a.one']);
    expect(bank.problems[0].problems[0]).toMatchObject({ file: join(pack, 'questions', 'p.yaml'), message: `id "a.one" is already used in topic "a" (${join(dir, 'a.yaml')})` });
    await writeFile(join(pack, 'questions', 'p.yaml'), `topic: p\ntitle: Pack\nquestions:\n${choice('p.one', 'hld.scale.cdn')}`);
    const fixed = await loadQuestionBank({ questionsDir: dir, packs: [empty, pack] });
    expect(fixed.problems).toEqual([]);
    expect(fixed.questions.map((q) => `${q.topic}/${q.id}`)).toEqual(['a/a.one', 'p/p.one']);
    expect(fixed.forPlanItem('hld.scale.cdn').map((q) => q.id)).toEqual(['p.one']);
  });
});
