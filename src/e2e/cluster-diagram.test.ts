// A failing cluster check prints its shrunk run as a message-sequence diagram: a column per client and node,
// arrows labelled with message types, fault marks, and the violated property at the end.
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../paths.js';
import { runCli, startedWorkspace } from './helpers/run-cli.js';

describe('the diagram of a failing cluster run', () => {
  it('shows the broadcast no-retry fixture losing a value to a split network', async () => {
    const { home, dir } = await startedWorkspace('broadcast', 'ts');
    await copyFile(join(FIXTURES_DIR, 'submissions', 'broadcast', 'ts', 'no-retry', 'node.ts'), join(dir, 'node.ts'));
    const run = await runCli(['grade', '--seed', '1', '--stage', '3'], { home, cwd: dir, timeoutMs: 300_000 });
    expect(run.exitCode).toBe(1);
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('[stage broadcast#3]')).map((l) => l.slice('[stage broadcast#3] '.length));
    // The clients' column(s) first, then one column per node, in order.
    const header = lines.find((l) => /^\s+ms\s/.test(l));
    const columns = header!.trim().split(/\s+/);
    expect(columns[0]).toBe('ms');
    expect(columns.slice(-5)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(columns.slice(1, -5).length).toBeGreaterThan(0);
    expect(columns.slice(1, -5).every((c) => c.startsWith('c'))).toBe(true);
    const rows = lines.slice(lines.indexOf(header!) + 1);
    // Client requests and node-to-node messages are arrows labelled with the sender, receiver and type.
    expect(rows.some((r) => /├─+▶/.test(r) && /c1→n\d \{"type":"broadcast"/.test(r))).toBe(true);
    expect(rows.some((r) => /◀─+┤/.test(r) && /n\d→c1 .*broadcast_ok/.test(r))).toBe(true);
    // The fault: a mark across every column, and the messages it dropped drawn as crossed arrows.
    expect(rows.some((r) => /^\s*\d+\s+┄+\s+(partition|cut) /.test(r))).toBe(true);
    expect(rows.some((r) => /✕/.test(r) && /n\d→n\d gossip ✕ cut/.test(r))).toBe(true);
    expect(rows.some((r) => /network healed/.test(r))).toBe(true);
    // The property that failed, at the virtual time it became false, after the last row of traffic.
    const last = rows.filter((r) => /^\s*\d+\s/.test(r)).at(-1)!;
    expect(last).toMatch(/✘ 3 s after the network healed, not every node reads every value/);
    expect(run.stdout).toMatch(/smallest failing scenario: \d+ requests?; (partition|cut) /);
  }, 300_000);
});

describe('grade --trace', () => {
  it('writes every event of the run as JSON lines, and the same seed writes the same trace byte for byte', async () => {
    const { home, dir } = await startedWorkspace('g-counter', 'ts');
    await copyFile(join(FIXTURES_DIR, '..', 'labs', 'g-counter', 'tracks', 'ts', 'reference', 'node.ts'), join(dir, 'node.ts'));
    const traces: string[] = [];
    for (const name of ['first.jsonl', 'second.jsonl']) {
      const run = await runCli(['grade', '--seed', '7', '--stage', '2', '--previous', '--trace', name], { home, cwd: dir, timeoutMs: 300_000 });
      expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
      traces.push(await readFile(join(dir, name), 'utf8'));
    }
    const events = traces[0]!.trim().split('\n').map((line) => JSON.parse(line) as { kind: string; t?: number; run?: number; seed?: number });
    // Each cluster a check starts opens with a run header (its check, seed and nodes), then its events in virtual time.
    const runs = events.filter((e) => e.kind === 'run');
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r) => Number.isInteger(r.seed))).toBe(true);
    expect(events[0]!.kind).toBe('run');
    const kinds = new Set(events.map((e) => e.kind));
    for (const kind of ['init', 'invoke', 'complete', 'send', 'deliver']) expect(kinds, kind).toContain(kind);
    let last = -1;
    for (const e of events) {
      if (e.kind === 'run') { last = -1; continue; }
      expect(e.t).toBeGreaterThanOrEqual(last);
      last = e.t!;
    }
    expect(traces[1]).toBe(traces[0]);
  }, 300_000);
});
