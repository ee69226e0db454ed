// The helpers' own thread: their servers answer here, so the grader's work on the main thread (the checks,
// the learner's server's supervision, a benchmark's bookkeeping) never delays a backend's answer.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { HelperInstance, loadBehaviour, type HelperSpec } from './helper-instance.js';
import type { HelperCommand, HelperReply } from './helper-protocol.js';

const specs = workerData as HelperSpec[];
const helpers = new Map<string, HelperInstance[]>();
/**
 * How late this thread's event loop ran: every answer of every helper waits for it, so a stall of N ms is
 * N ms added to whatever answer (a health probe's …) was due then, by the machine, not by the server graded.
 */
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();

function pick(name: string, index?: number): HelperInstance[] {
  const instances = helpers.get(name) ?? [];
  if (index === undefined) return instances;
  const one = instances[index];
  if (!one) throw new Error(`helper ${name} has ${instances.length} instances; there is no index ${index}`);
  return [one];
}

async function run(command: HelperCommand): Promise<unknown> {
  if (command.cmd === 'stalls') {
    const worst = lag.max / 1e6;
    if (command.reset) lag.reset();
    return worst;
  }
  const instances = command.cmd === 'close' ? [...helpers.values()].flat() : pick(command.name, command.index);
  switch (command.cmd) {
    case 'stop': case 'close': await Promise.all(instances.map((i) => i.stop())); return undefined;
    case 'start': for (const i of instances) await i.start(); return undefined;
    case 'slow': for (const i of instances) i.delayMs = command.ms; return undefined;
    case 'fail': for (const i of instances) i.failure = command.mode; return undefined;
    case 'requests': return instances.reduce((n, i) => n + i.served, 0);
  }
}

async function open(): Promise<Record<string, string[]>> {
  const urls: Record<string, string[]> = {};
  for (const spec of specs) {
    const behaviour = await loadBehaviour(spec);
    const instances = Array.from({ length: spec.count }, (_, i) => new HelperInstance(spec.name, i, behaviour));
    helpers.set(spec.name, instances);
    for (const instance of instances) await instance.start();
    urls[spec.name] = instances.map((i) => i.url);
  }
  return urls;
}

const port = parentPort!;
open().then(
  (urls) => port.postMessage({ type: 'ready', urls } satisfies HelperReply),
  async (error: unknown) => {
    await run({ id: 0, cmd: 'close' });
    port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies HelperReply);
  },
);
port.on('message', (command: HelperCommand) => {
  run(command).then(
    (value) => port.postMessage({ type: 'done', id: command.id, value } satisfies HelperReply),
    (error: unknown) => port.postMessage({ type: 'done', id: command.id, error: error instanceof Error ? error.message : String(error) } satisfies HelperReply),
  );
});
