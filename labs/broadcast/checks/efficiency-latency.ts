// Stage 5: Gossip Glomers' efficiency I on 25 nodes with 100 ms links.
import { defineStage } from '../../../src/grader/api.js';
import { expectEfficiency } from './efficiency.js';

export const stage = defineStage({
  id: 'efficiency-latency',
  checks: [{
    id: 'under-30-messages-median-under-400-ms',
    title: 'Fewer than 30 messages per broadcast, latency median under 400 ms and max under 600 ms',
    run: (ctx) => expectEfficiency(ctx, { messagesPerBroadcast: 30, medianMs: 400, maxMs: 600 }),
  }],
});
