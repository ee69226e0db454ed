import { describe, expect, it } from 'vitest';
import { DesignQuestion } from '../catalog/schema/question.js';
import { rubricPoints, scoreDesign } from './design.js';

const q = DesignQuestion.parse({
  id: 'x.y', kind: 'design', plan: ['case.chat'], prompt: 'Design a chat service for a million users.', minutes: 45,
  rubric: {
    requirements: [{ point: 'Delivery guarantees' }],
    api: [{ point: 'A WebSocket channel' }],
    architecture: [{ point: 'Presence service', weight: 2 }],
    deepDives: [{ point: 'Ordering per conversation', weight: 3 }],
    bottlenecks: [{ point: 'Hot group chats' }],
    tradeOffs: [{ point: 'Fan-out on write vs read' }],
  },
});

describe('design rubric', () => {
  it('numbers points in interview order, bottlenecks after the deep dives', () => {
    expect(rubricPoints(q).map((p) => `${p.number}:${p.key}:${p.weight}`)).toEqual([
      '1:requirements.0:1', '2:api.0:1', '3:architecture.0:2', '4:deepDives.0:3', '5:bottlenecks.0:1', '6:tradeOffs.0:1',
    ]);
  });

  it('scores the weighted share marked covered: 80% is correct, and maps to a rating', () => {
    const points = rubricPoints(q);
    // weights 1+1+2+3+1+1 = 9
    expect(scoreDesign(points, [3, 4, 5, 6]).score).toBeCloseTo(7 / 9);
    expect(scoreDesign(points, [1, 3, 4, 5, 6])).toMatchObject({ rating: 3, correct: true });
    expect(scoreDesign(points, [1, 2, 3, 4, 5, 6])).toMatchObject({ score: 1, rating: 4 });
    expect(scoreDesign(points, [1, 2, 5, 6])).toMatchObject({ rating: 1, correct: false, covered: ['requirements.0', 'api.0', 'bottlenecks.0', 'tradeOffs.0'] });
  });

  it('rejects a rubric with no point at all', () => {
    expect(DesignQuestion.safeParse({ ...q, rubric: {} }).success).toBe(false);
  });
});
