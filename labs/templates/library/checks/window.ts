// Stage 2: the sliding window, on the virtual clock the driver moves (`advance`): exact and instant.
import { defineStage } from '../../../src/grader/api.js';
import { TallyClient } from './shared.js';

export const stage = defineStage({
  id: 'window',
  checks: [
    {
      id: 'forgets-old-adds',
      title: 'Adds older than the window no longer count',
      async run(ctx) {
        const tally = new TallyClient(ctx);
        await tally.create(1_000);
        await tally.add('k', 5, 5, 'the first add to a key returns its amount');
        await tally.advance(400);
        await tally.add('k', 2, 7, 'both adds are inside the window');
        await tally.advance(700);
        await tally.expectTotal('k', 2, 'at 1100 ms the add made at 0 ms is outside a 1000 ms window; the one made at 400 ms is not');
        await tally.advance(1_000);
        await tally.expectTotal('k', 0, 'once every add is outside the window the total is 0');
      },
    },
    {
      id: 'window-boundary',
      title: 'An add made at t counts while now < t + window, and not at t + window',
      async run(ctx) {
        const tally = new TallyClient(ctx);
        await tally.create(1_000);
        await tally.add('k', 4, 4, 'the first add to a key returns its amount');
        await tally.advance(999);
        await tally.expectTotal('k', 4, 'one millisecond before the window ends the add still counts');
        await tally.advance(1);
        await tally.expectTotal('k', 0, 'at exactly t + window the add no longer counts');
      },
    },
  ],
});
