// Helpers shared by the stages of __LAB_ID__. TEMPLATE: a checks file that no stage names is shared code:
// helpers only, never a defineStage. Checks import nothing of the grader but src/grader/api.ts.
import { expectThat, serviceOf, type CheckContext, type HttpReply, type Random } from '../../../src/grader/api.js';

/** A key no other check uses: runs never meet, whatever the order. */
export function uniqueKey(random: Random, tag: string): string {
  return `${tag}-${random.int(0, 1e9).toString(36)}`;
}

export function describe(reply: HttpReply): string {
  return `${reply.status} ${reply.body.slice(0, 200)}`;
}

export async function expectStatus(ctx: CheckContext, method: string, path: string, status: number, why: string, body?: unknown): Promise<HttpReply> {
  const reply = await serviceOf(ctx).request(method, path, body === undefined ? {} : { body });
  expectThat(reply.status === status, `${why}: ${method} ${path} must answer ${status}`, { expected: status, received: describe(reply) });
  return reply;
}

/** PUT that must be accepted: 200 with the item. */
export async function put(ctx: CheckContext, key: string, value: string): Promise<void> {
  const reply = await expectStatus(ctx, 'PUT', `/items/${key}`, 200, 'a string value must be stored', { value });
  expectThat(JSON.stringify(reply.json) === JSON.stringify({ key, value }), 'PUT answers the stored item as {"key", "value"}', { expected: { key, value }, received: reply.body.slice(0, 200) });
}

/** GET that must find `value`. */
export async function expectValue(ctx: CheckContext, key: string, value: string, why: string): Promise<void> {
  const reply = await expectStatus(ctx, 'GET', `/items/${key}`, 200, why);
  expectThat(JSON.stringify(reply.json) === JSON.stringify({ key, value }), `${why}: GET answers {"key", "value"}`, { expected: { key, value }, received: reply.body.slice(0, 200) });
}
