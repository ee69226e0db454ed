// Stage 6: Gossip Glomers' efficiency II: fewer messages, more latency allowed.
import { defineStage } from '../../../src/grader/api.js';
import { expectEfficiency } from './efficiency.js';

export const stage = defineStage({
  id: 'efficiency-messages',
  checks: [{
    id: 'under-20-messages-median-under-1-s',
    title: 'Fewer than 20 messages per broadcast, latency median under 1 s and max under 2 s',
    run: (ctx) => expectEfficiency(ctx, { messagesPerBroadcast: 20, medianMs: 1_000, maxMs: 2_000 }),
  }],
});
