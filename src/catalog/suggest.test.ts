import { describe, expect, it } from 'vitest';
import { suggest } from './suggest.js';

describe('suggest', () => {
  const labs = ['circuit-breaker', 'rate-limiter', 'lru-cache'];
  it('finds a near typo', () => expect(suggest('circuit-braker', labs)).toBe('circuit-breaker'));
  it('finds a prefix', () => expect(suggest('circuit', labs)).toBe('circuit-breaker'));
  it('stays quiet when nothing is close', () => expect(suggest('kafka', labs)).toBeUndefined());
});
