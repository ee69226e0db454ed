import fc from 'fast-check';
import type { CheckContext } from '../api.js';
import { CheckFailure, ProgramFault } from '../check-failure.js';
import { clusterOf } from './context.js';
import type { Body, ExploreOptions, Fault, NodeId, Scenario, ScenarioShape, ScenarioStep } from './types.js';

/** Bounds the whole search, shrinking included. */
const SEARCH_LIMIT_MS = 60_000;

/**
 * Tries random scenarios on fresh clusters (all from the check's seed); a failing one is shrunk over its
 * requests and faults to the smallest that still fails, then replayed so the report shows that run's diagram.
 */
export async function exploreCluster(ctx: CheckContext, options: ExploreOptions): Promise<void> {
  const lab = clusterOf(ctx);
  const clusterOptions = { ...options.cluster, seed: options.cluster?.seed ?? ctx.seed };
  let fault: ProgramFault | undefined;
  const property = fc.asyncProperty(options.scenarios, async (scenario) => {
    if (fault) throw fault;
    try {
      await options.run(await lab.start(clusterOptions), scenario);
    } catch (error) {
      // The runtime process dying is not a property of the scenario: keep it and stop searching.
      if (error instanceof ProgramFault) fault = error;
      throw error;
    }
  });
  const details = await fc.check(property, {
    seed: ctx.seed, numRuns: options.runs ?? 30, interruptAfterTimeLimit: SEARCH_LIMIT_MS, markInterruptAsFailure: false,
  });
  if (fault) throw fault;
  if (!details.failed || !details.counterexample) return;
  const fails = async (scenario: Scenario) => {
    try {
      await options.run(await lab.start(clusterOptions), scenario);
      return false;
    } catch (error) {
      if (error instanceof ProgramFault || !(error instanceof CheckFailure)) throw error;
      return true;
    }
  };
  // fast-check's shrinking can stop at a local minimum (an array shrinks from its front): finish by dropping
  // single steps while the scenario still fails, so every step left is needed for the failure.
  let shortest = details.counterexample[0];
  for (let i = 0; i < shortest.steps.length;) {
    const candidate = { steps: shortest.steps.filter((_, j) => j !== i) };
    if (await fails(candidate)) shortest = candidate; else i++;
  }
  ctx.note(`smallest failing scenario: ${describeScenario(shortest)} (found after ${details.numRuns} scenarios, ${details.numShrinks} shrink steps)`);
  await options.run(await lab.start(clusterOptions), shortest); // throws the shrunk failure with its diagram
  const original = details.errorInstance;
  if (original instanceof CheckFailure) throw original;
  throw new CheckFailure(`a scenario failed, but its replay passed: the nodes do not behave the same from the same seed (${String(original)})`);
}

/** Scenarios of requests and (optionally) faults over the given nodes, in time order. */
export function scenarioArbitrary(shape: ScenarioShape): fc.Arbitrary<Scenario> {
  const span = shape.spanMs ?? 2_000;
  const at = fc.integer({ min: 0, max: span - 1 });
  const node = fc.constantFrom(...shape.nodes);
  const request = fc.record({ at, node, body: shape.requests }).map(({ at: t, node: n, body }): ScenarioStep => ({ at: t, kind: 'request', node: n, body: body as Body }));
  const faults: fc.Arbitrary<ScenarioStep[]>[] = [];
  const wanted = shape.faults ?? {};
  const split = fc.array(fc.boolean(), { minLength: shape.nodes.length, maxLength: shape.nodes.length });
  if (wanted.partition) {
    faults.push(fc.tuple(at, split, fc.integer({ min: 1, max: span })).map(([t, sides, length]) => [
      { at: t, ...partitionOf(shape.nodes, sides) }, { at: t + length, kind: 'heal' } as ScenarioStep]));
  }
  if (wanted.cut) {
    faults.push(fc.tuple(at, split, fc.integer({ min: 1, max: span })).map(([t, sides, length]) => {
      const from = shape.nodes.filter((_, i) => sides[i]);
      const to = shape.nodes.filter((_, i) => !sides[i]);
      return from.length && to.length ? [{ at: t, kind: 'cut', from, to } as ScenarioStep, { at: t + length, kind: 'heal' } as ScenarioStep] : [];
    }));
  }
  if (wanted.crash) {
    faults.push(fc.tuple(at, node, fc.integer({ min: 1, max: span })).map(([t, n, down]) => [
      { at: t, kind: 'crash', node: n } as ScenarioStep, { at: t + down, kind: 'restart', node: n } as ScenarioStep]));
  }
  const faultList = faults.length ? fc.array(fc.oneof(...faults), { maxLength: shape.maxFaults ?? 4 }) : fc.constant([] as ScenarioStep[][]);
  return fc.tuple(fc.array(request, { minLength: shape.minRequests ?? 1, maxLength: shape.maxRequests ?? 20 }), faultList)
    .map(([requests, pairs]) => ({ steps: [...requests, ...pairs.flat()].sort((a, b) => a.at - b.at) }));
}

function partitionOf(nodes: readonly NodeId[], sides: boolean[]): Fault {
  const a = nodes.filter((_, i) => sides[i]);
  const b = nodes.filter((_, i) => !sides[i]);
  return { kind: 'partition', groups: [a, b].filter((g) => g.length > 0) };
}

/** One line per scenario: "3 requests; partition n1,n2 | n3 at 120 ms; heal at 400 ms". */
export function describeScenario(scenario: Scenario): string {
  const requests = scenario.steps.filter((s) => s.kind === 'request').length;
  const faults = scenario.steps.filter((s) => s.kind !== 'request').map((s) => `${describeFault(s as Fault)} at ${s.at} ms`);
  return [`${requests} request${requests === 1 ? '' : 's'}`, ...faults].join('; ');
}

export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case 'partition': return `partition ${fault.groups.map((g) => g.join(',')).join(' | ')}`;
    case 'cut': return `cut ${fault.from.join(',')} → ${fault.to.join(',')}`;
    case 'heal': return 'heal';
    case 'crash': return `crash ${fault.node}`;
    case 'restart': return `restart ${fault.node}`;
  }
}
