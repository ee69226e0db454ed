import { defineStage, expectThat, serviceOf } from '../../../src/grader/api.js';
import { clicksOf, expectAllResolve, redirectTimes, shorten, shortenMany, token, uniqueUrl } from './shared.js';

/** Clicks older than this before a crash must survive it (the contract's bound), with margin for a busy machine. */
const CLICKS_SETTLE_MS = 1_500;

export const stage = defineStage({
  id: 'crash',
  checks: [
    {
      id: 'links-survive-crash',
      title: 'Every link answered with 201 still redirects after a crash (SIGKILL right after the last 201)',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const links = await shortenMany(ctx, 30, 'crash', 6);
        const alias = `c-${token(ctx.random, 10)}`;
        const url = uniqueUrl(ctx.random, 'crash-alias');
        links.push([await shorten(svc, { url, alias }), url]);
        await svc.restart({ crash: true });
        await expectAllResolve(ctx, links, 'after a crash (SIGKILL at once after the last 201) with the same DATA_DIR');
      },
    },
    {
      id: 'torn-last-line',
      title: 'A log torn by a crash mid-write loses no acknowledged link, and links created after it survive the next crash',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const before = await shortenMany(ctx, 3, 'torn-a', 3);
        // What a crash in the middle of appending a record leaves: the start of a line, and no newline.
        await svc.restart({ crash: true, tear: { files: /\.log$/, fragment: '{"code":"torn","url":"https://exa' } });
        const after = await shortenMany(ctx, 3, 'torn-b', 3);
        await svc.restart({ crash: true });
        await expectAllResolve(ctx, [...before, ...after], 'after a crash tore the last line of the log, and a second crash');
      },
    },
    {
      id: 'crash-twice',
      title: 'Links from before two crashes and between them all survive, with no collisions',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const first = await shortenMany(ctx, 10, 'crash-a', 10);
        await svc.restart({ crash: true });
        const second = await shortenMany(ctx, 10, 'crash-b', 10);
        await svc.restart({ crash: true });
        await expectAllResolve(ctx, [...first, ...second], 'after two crashes');
      },
    },
    {
      id: 'clicks-after-crash',
      title: 'After a crash, a count keeps every click older than a second and never counts more than the redirects served',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const [[code, url]] = await shortenMany(ctx, 1, 'clicks-crash', 1);
        const settled = 6;
        const recent = 3;
        await redirectTimes(ctx, code, url, settled);
        await svc.pause(CLICKS_SETTLE_MS);
        await redirectTimes(ctx, code, url, recent);
        await svc.restart({ crash: true });
        const clicks = await clicksOf(ctx, code, 'after a crash');
        expectThat(typeof clicks === 'number' && clicks >= settled && clicks <= settled + recent,
          `/${code} was redirected ${settled} times, ${CLICKS_SETTLE_MS / 1000} s later ${recent} more times, then crashed (SIGKILL): its clicks must be between ${settled} (the clicks older than a second must have reached DATA_DIR) and ${settled + recent} (never more than were served)`,
          { expected: `${settled} to ${settled + recent}`, received: clicks });
      },
    },
  ],
});
