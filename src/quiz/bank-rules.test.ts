import { describe, expect, it } from 'vitest';
import type { BankQuestion } from '../catalog/questions.js';
import { Question } from '../catalog/schema/question.js';
import { kLongest, lengthRatio, longestRight, nearDuplicates, thinRubrics, thinTopics } from './bank-rules.js';

let n = 0;
const make = (fields: Record<string, unknown>, topic = 't'): BankQuestion =>
  ({ ...Question.parse({ id: `t.q${n++}`, plan: ['p'], explanation: 'Because it is so.', ...fields }), topic, topicTitle: topic });
const choice = (options: string[], answer: number[], prompt = `Question number ${n} about something?`) =>
  make({ kind: 'choice', prompt, options, answer });

describe('bank rules (on small synthetic banks)', () => {
  it('finds the single-answer questions whose right option is the longest, ties included', () => {
    const bank = [
      choice(['short', 'the long right one', 'mid size'], [1]),
      choice(['same len', 'same len', 'other'], [0]),
      choice(['a long wrong option', 'right', 'wrong'], [1]),
      choice(['aa', 'bb', 'cc'], [0, 1]),
    ];
    expect(longestRight(bank)).toEqual({ share: 2 / 3, ids: [bank[0].id, bank[1].id], of: 3 });
  });

  it('averages the right option\'s length over the mean distractor\'s, listing those above the limit', () => {
    const bank = [choice(['xxxxxxxxxx', 'xxxxx', 'xxxxx'], [0]), choice(['xxxxx', 'xxxxxxxxxx', 'xxxxxxxxxx'], [0])];
    const r = lengthRatio(bank);
    expect(r.mean).toBeCloseTo((2 + 0.5) / 2);
    expect(r.worst).toEqual([{ id: bank[0].id, ratio: 2 }]);
  });

  it('finds select-all questions whose right set is the k longest options', () => {
    const bank = [
      choice(['long right one', 'another long one', 'no', 'nah'], [0, 1]),
      choice(['long wrong option', 'right', 'ok', 'x'], [1, 2]),
    ];
    expect(kLongest(bank)).toEqual({ share: 0.5, ids: [bank[0].id], of: 2 });
  });

  it('flags questions that ask the same thing in other words, not ones that merely share a subject', () => {
    const a = choice(['W = 2, R = 2', 'W = 1, R = 1', 'W = 3, R = 1'], [0, 2],
      'A leaderless store keeps N = 3 replicas and uses strict quorums. Which (W, R) settings guarantee a read sees the latest write?');
    const b = choice(['W = 2, R = 2', 'W = 1, R = 1', 'W = 3, R = 1'], [0, 2],
      'A store replicates each key to N = 3 nodes. Which quorum settings guarantee, with strict quorums, that a read sees the latest write?');
    const c = choice(['Hinted handoff', 'Read repair', 'Anti-entropy with Merkle trees'], [2],
      'After a long partition heals, which mechanism repairs replicas of keys nobody reads?');
    const pairs = nearDuplicates([a, b, c]);
    expect(pairs.map((p) => [p.a, p.b])).toEqual([[a.id, b.id]]);
  });

  it('names design prompts with an empty rubric section, and topics short of questions', () => {
    const full = Object.fromEntries(['requirements', 'estimates', 'api', 'dataModel', 'architecture', 'deepDives', 'bottlenecks', 'tradeOffs']
      .map((s) => [s, [{ point: `a ${s} point` }]]));
    const good = make({ kind: 'design', prompt: 'Design a thing at scale.', minutes: 30, rubric: full }, 'cases');
    const thin = make({ kind: 'design', prompt: 'Design another thing.', minutes: 30, rubric: { ...full, api: [], bottlenecks: [] } }, 'cases');
    expect(thinRubrics([good, thin])).toEqual([`${thin.id}: api, bottlenecks`]);
    expect(thinTopics([good, thin], ['cases', 'missing'], 2)).toEqual(['missing: 0']);
    expect(thinTopics([good, thin], ['cases'], 3)).toEqual(['cases: 2']);
  });
});
