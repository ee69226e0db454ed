import { createRandom } from '../grader/random.js';

/**
 * The order a choice question's options are shown in at one presentation: a seeded shuffle, so a session
 * replays with the same seed, and a card shown again (relearning, another day) comes in another order.
 * Answers are kept as original option indices, never as positions on screen.
 */
export function optionOrder(optionCount: number, seed: number, questionId: string, presentation: number): number[] {
  const random = createRandom(hash(`${seed}:${questionId}:${presentation}`));
  const order = Array.from({ length: optionCount }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** The letter shown for a position on screen: a, b, c, ... */
export const letterOf = (position: number): string => String.fromCharCode(97 + position);

/** FNV-1a: a stable 32-bit hash of a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
