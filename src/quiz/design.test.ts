import { describe, expect, it } from 'vitest';
import type { DesignQuestion } from '../catalog/schema/question.js';
import { premark, rubricPoints, scoreDesign } from './design.js';

const q = {
  id: 'x.y', kind: 'design', plan: ['case.chat'], seeds: [], prompt: 'Design a chat service for a million users.', minutes: 45,
  rubric: {
    requirements: [{ point: 'Delivery guarantees', terms: ['at-least-once', 'ordering'] }],
    estimates: [], api: [{ point: 'A WebSocket channel', terms: ['websocket'] }], dataModel: [],
    architecture: [{ point: 'Presence service', terms: ['presence'] }],
    deepDives: [{ point: 'CAP choice', terms: ['CAP'] }],
    tradeOffs: [{ point: 'Fan-out on write vs read', terms: ['fan-out'] }],
  },
} satisfies DesignQuestion;

describe('design rubric', () => {
  it('numbers points in interview order and pre-marks those whose terms the answer mentions', () => {
    const points = rubricPoints(q);
    expect(points.map((p) => `${p.number}:${p.key}`)).toEqual(['1:requirements.0', '2:api.0', '3:architecture.0', '4:deepDives.0', '5:tradeOffs.0']);
    expect(premark(points, 'WebSockets to clients; Fan‑out on write; capacity planning; ordering per chat')).toEqual([1, 2, 5]);
  });

  it('scores the share covered: 80% is correct, and maps to a rating', () => {
    const points = rubricPoints(q);
    expect(scoreDesign(points, [1, 2, 3, 4])).toMatchObject({ score: 0.8, rating: 3, correct: true });
    expect(scoreDesign(points, [1, 2, 3, 4, 5])).toMatchObject({ score: 1, rating: 4 });
    expect(scoreDesign(points, [1])).toMatchObject({ rating: 1, correct: false });
  });
});
