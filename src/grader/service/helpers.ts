import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadedLab } from '../../catalog/catalog.js';
import type { HelperDef } from '../../catalog/schema/lab.js';
import { labModulePath, PROJECT_ROOT, RUNNING_FROM_SOURCE } from '../../paths.js';
import { bundledLabModule, labModulesFromSource } from '../lab-modules.js';
import { tsxLoaderUrl } from '../../tracks/command.js';
import type { HelperSpec } from './helper-instance.js';
import type { HelperCommand, HelperReply } from './helper-protocol.js';
import type { HelperControl } from './types.js';

/** A command without its id and helper name (distributed over the union, so each kind keeps its fields). */
type Unaddressed<T> = T extends unknown ? Omit<T, 'id' | 'name'> : never;

/**
 * The helpers' thread runs compiled code, and then loads the labs' helper modules from dist/ too; from
 * sources (vitest) without a build, the TypeScript one through the project's tsx loader.
 */
const COMPILED_WORKER = join(PROJECT_ROOT, 'dist', 'src', 'grader', 'service', 'helper-worker.js');

/** Bound on the helpers' start (loading their modules, binding their ports). */
const START_TIMEOUT_MS = 15_000;
/** Bound on one command to the helpers' thread (stop waits for open connections to be cut). */
const COMMAND_TIMEOUT_MS = 10_000;

/**
 * The helpers one server (learner's or reference) runs against, started before it and stopped after it.
 * They run in a worker thread of their own, so that nothing the grader does on its main thread (and no
 * load it generates) delays their answers: a backend's slowness is always one a check asked for.
 */
export class HelperSet {
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private nextId = 1;
  private exited: string | undefined;

  private constructor(private readonly worker: Worker, private readonly defs: Map<string, HelperDef>, private readonly urls: Record<string, string[]>) {
    worker.on('message', (m: HelperReply) => {
      if (m.type !== 'done') return;
      const entry = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error !== undefined) entry?.reject(new Error(m.error));
      else entry?.resolve(m.value);
    });
    worker.on('exit', (code) => this.fail(`the helpers' thread exited (code ${code})`));
    worker.on('error', (error) => this.fail(`the helpers' thread failed: ${error.message}`));
  }

  static async open(lab: LoadedLab): Promise<HelperSet> {
    const defs = new Map(Object.entries(lab.service?.helpers ?? {}));
    const compiled = !RUNNING_FROM_SOURCE || existsSync(COMPILED_WORKER);
    const specs: HelperSpec[] = await Promise.all([...defs].map(async ([name, def]) => ({
      lab: lab.id, name, count: def.count, builtin: def.builtin, module: def.module === undefined ? undefined : await helperModulePath(lab, def.module, compiled),
    })));
    const worker = compiled ? new Worker(COMPILED_WORKER, { workerData: specs })
      : new Worker(new URL('./helper-worker.ts', import.meta.url), { workerData: specs, execArgv: ['--import', tsxLoaderUrl()] });
    try {
      const urls = await new Promise<Record<string, string[]>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the helpers of ${lab.id} did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
        worker.once('message', (m: HelperReply) => {
          clearTimeout(timer);
          if (m.type === 'ready') resolve(m.urls);
          else reject(new Error(m.type === 'failed' ? m.message : 'the helpers\' thread answered before it was ready'));
        });
        worker.once('error', (error) => { clearTimeout(timer); reject(error); });
      });
      return new HelperSet(worker, defs, urls);
    } catch (error) {
      await worker.terminate();
      throw error;
    }
  }

  /** The variables that tell the learner's program where the helpers are. */
  env(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [name, def] of this.defs) if (def.env) env[def.env] = (this.urls[name] ?? []).join(',');
    return env;
  }

  has(name: string): boolean {
    return this.defs.has(name);
  }

  control(name: string): HelperControl {
    if (!this.defs.has(name)) throw new Error(`no helper "${name}" in lab.yaml service.helpers (known: ${[...this.defs.keys()].join(', ') || 'none'})`);
    const send = (command: Unaddressed<Extract<HelperCommand, { name: string }>>) => this.send({ ...command, name, id: 0 } as HelperCommand);
    return {
      name,
      urls: this.urls[name] ?? [],
      stop: async (index) => { await send({ cmd: 'stop', index }); },
      start: async (index) => { await send({ cmd: 'start', index }); },
      slow: async (ms, index) => { await send({ cmd: 'slow', index, ms }); },
      fail: async (mode, index) => { await send({ cmd: 'fail', index, mode }); },
      requests: async (index) => Number(await send({ cmd: 'requests', index })),
    };
  }

  /**
   * The longest (ms) the helpers' thread fell behind since the last call: how late, at worst, the machine
   * made one of their answers. Each call starts a new period.
   */
  async stallMs(): Promise<number> {
    return Number(await this.send({ id: 0, cmd: 'stalls', reset: true }));
  }

  /** The first instance's address of a helper, if the lab declares it. */
  firstUrl(name: string): string | undefined {
    return this.defs.has(name) ? this.urls[name]?.[0] : undefined;
  }

  async close(): Promise<void> {
    if (this.exited === undefined) await this.send({ id: 0, cmd: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }

  private send(command: HelperCommand): Promise<unknown> {
    if (this.exited !== undefined) return Promise.reject(new Error(this.exited));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.pending.delete(id); reject(new Error(`the helpers did not carry out "${command.cmd}" within ${COMMAND_TIMEOUT_MS} ms`)); }, COMMAND_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (value) => { clearTimeout(timer); resolve(value); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      });
      this.worker.postMessage({ ...command, id });
    });
  }

  private fail(message: string): void {
    this.exited ??= message;
    for (const entry of this.pending.values()) entry.reject(new Error(message));
    this.pending.clear();
  }
}

/** The file the helpers' thread imports: the compiled copy, or a bundle of the sources (lab-modules.ts says when). */
function helperModulePath(lab: LoadedLab, module: string, compiled: boolean): Promise<string> | string {
  return labModulesFromSource(lab.dir) ? bundledLabModule(lab.dir, module) : labModulePath(lab.dir, module, compiled);
}
