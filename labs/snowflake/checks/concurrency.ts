import { defineStage, expectMatch, expectThat, type Reply } from '../../../src/grader/api.js';
import { START, compress, idOf } from './model.js';
import { Gen, TWITTER_EPOCH } from './shared.js';

const HAMMER_MS = 30_000;

function expectClean(reply: Reply, workers: number, idsEach: number, why: string): void {
  const errors = (reply.errors ?? {}) as Record<string, number>;
  expectThat(Object.keys(errors).length === 0,
    `${why}: no call may fail while the clock only moves forward (a "clock-moved-backwards" here means the time was read before taking the lock: another caller issued a later id in between)`,
    { expected: {}, received: errors });
  expectMatch(reply, { issued: workers * idsEach, duplicates: 0, unique: workers * idsEach },
    `${why}: all ${workers * idsEach} ids must be issued and unique (a duplicate means two callers got the same timestamp and sequence: is every read and write of the last timestamp and the sequence under one lock?)`);
  expectMatch(reply, { notIncreasing: [] }, `${why}: the ids each caller receives must strictly increase`);
}

/** Rounds of the still-clock hammer (see its comment). */
const HAMMER_ROUNDS = 6;

export const stage = defineStage({
  id: 'concurrency',
  checks: [
    {
      id: 'hammer-on-a-still-clock',
      title: 'Eight concurrent callers on a clock that moves only when the generator sleeps get exactly the contract\'s ids',
      async run(ctx) {
        // Each round crosses two milliseconds while callers wait for one another: several rounds give a caller
        // that read the clock too early (before the lock) many chances to meet a millisecond that moved on.
        for (let round = 1; round <= HAMMER_ROUNDS; round++) {
          const g = new Gen(ctx.program, (t) => ctx.note(t));
          const start = START + 1_000_000 + round * 1_000;
          await g.create({ node: 21, epoch: TWITTER_EPOCH }, start);
          const workers = 8;
          const idsEach = 1500;
          ctx.note(`round ${round} of ${HAMMER_ROUNDS}: ${workers} concurrent callers × ${idsEach} ids; the clock moves only when the generator sleeps on a used-up millisecond`);
          const reply = await ctx.program.call({ op: 'hammer', workers, idsEach }, { timeoutMs: HAMMER_MS });
          const why = `round ${round}: ${workers} concurrent callers × ${idsEach} ids`;
          expectClean(reply, workers, idsEach, why);
          const t = start - TWITTER_EPOCH;
          const ids = [4096, 4096, 3808].flatMap((n, ms) => Array.from({ length: n }, (_, s) => idOf(t + ms, 21, s)));
          expectMatch(reply, { ...compress(ids), now: start + 2 },
            `${why}: whatever the interleaving, the ids are all of sequences 0 … 4095 in the first two milliseconds and 0 … 3807 in the third, each millisecond reached by exactly one 1 ms sleep`);
        }
      },
    },
    {
      id: 'hammer-on-a-moving-clock',
      title: 'Concurrent callers while the clock moves forward under them: unique, increasing, no error',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 22, epoch: TWITTER_EPOCH }, START + 2_000_000);
        const workers = 8;
        const idsEach = 2000;
        ctx.note(`${workers} concurrent callers × ${idsEach} ids; each caller also moves the clock 1 ms forward after every 25 of its ids`);
        const reply = await ctx.program.call({ op: 'hammer', workers, idsEach, advanceEvery: 25 }, { timeoutMs: HAMMER_MS });
        expectClean(reply, workers, idsEach, `${workers} concurrent callers × ${idsEach} ids with a moving clock`);
      },
    },
  ],
});
