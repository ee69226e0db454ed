// How the checks steer the database helper (checks/db.ts) through its /_control/ routes, not a stage.
// Every call is bounded (and cancelled with the stage); the ones that change what the learner's server
// will see are noted in the transcript.
import { serviceOf, type CheckContext } from '../../../src/grader/api.js';
import type { Failure, HoldPoint, ReadTimes } from './db.js';

export interface DbRecord { key: string; value: unknown; version: number }
export interface Counts { reads: Record<string, number>; writes: Record<string, number> }

/** Bound on one control call that does not wait on purpose. */
const CONTROL_TIMEOUT_MS = 5000;

export class DbControl {
  private constructor(private readonly ctx: CheckContext, private readonly url: string) {}

  static of(ctx: CheckContext): DbControl {
    return new DbControl(ctx, serviceOf(ctx).helper('db').urls[0]);
  }

  /** Writes behind the cache's back (not counted as a write of the learner's server). */
  async put(key: string, value: unknown): Promise<DbRecord> {
    const record = await this.call('PUT', `/_control/items/${encodeURIComponent(key)}`, { value }) as DbRecord;
    this.ctx.note(`database: ${key} set to ${JSON.stringify(value).slice(0, 80)} (version ${record.version}) behind your server's back`);
    return record;
  }

  async counts(): Promise<Counts> {
    return await this.call('POST', '/_control/counts', {}) as Counts;
  }

  async reads(key: string): Promise<number> {
    return (await this.counts()).reads[key] ?? 0;
  }

  /** When each read of these keys arrived and was answered, on this machine's clock. */
  async log(keys: string[]): Promise<Record<string, ReadTimes[]>> {
    return (await this.call('POST', '/_control/log', { keys }) as { log: Record<string, ReadTimes[]> }).log;
  }

  async writes(key: string): Promise<number> {
    return (await this.counts()).writes[key] ?? 0;
  }

  /** Latency of every answer to your server, and an injected failure (null: none; 'hang' answers never come). */
  async mode(mode: { latencyMs?: number; failure?: Failure | null }, why?: string): Promise<void> {
    await this.call('POST', '/_control/mode', mode);
    const parts = [
      ...(mode.latencyMs !== undefined ? [`answers after ${mode.latencyMs} ms`] : []),
      ...(mode.failure === 'error' ? ['answers every request 500'] : mode.failure === 'hang' ? ['never answers'] : mode.failure === null ? ['works again'] : []),
    ];
    this.ctx.note(`database: ${parts.join(', ')}${why ? ` (${why})` : ''}`);
  }

  /** The next write of `key` waits until `release`: before it is applied, or applied with its answer held. */
  async hold(key: string, point: HoldPoint): Promise<void> {
    await this.call('POST', '/_control/hold', { key, point });
  }

  async release(key: string): Promise<void> {
    await this.call('POST', '/_control/release', { key });
    this.ctx.note(`database: sent the held answer to the write of ${key}`);
  }

  /** Waits until `key` has been read `reads` times (or written `writes` times, or has a write held); false on timeout. */
  async await(key: string, target: { reads?: number; writes?: number; held?: boolean }, timeoutMs: number): Promise<boolean> {
    const { status } = await this.raw('POST', '/_control/await', { key, ...target, timeoutMs }, timeoutMs + CONTROL_TIMEOUT_MS);
    return status === 200;
  }

  /** Back to normal: default latency, no failure, held answers sent. Data and counts stay. */
  async reset(): Promise<void> {
    await this.call('POST', '/_control/reset', {});
  }

  private async call(method: string, path: string, body: unknown): Promise<unknown> {
    const { status, json } = await this.raw(method, path, body, CONTROL_TIMEOUT_MS);
    if (status !== 200) throw new Error(`the cache-aside database helper answered ${status} to ${method} ${path}`);
    return json;
  }

  private async raw(method: string, path: string, body: unknown, timeoutMs: number): Promise<{ status: number; json: unknown }> {
    const signal = AbortSignal.any([this.ctx.signal, AbortSignal.timeout(timeoutMs)]);
    const res = await fetch(`${this.url}${path}`, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal });
    return { status: res.status, json: await res.json() as unknown };
  }
}
