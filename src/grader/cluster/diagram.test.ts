import { describe, expect, it } from 'vitest';
import { MAX_ROWS, renderDiagram } from './diagram.js';
import type { TraceEvent } from './types.js';

const body = (type: string, extra: object = {}) => ({ type, msg_id: 1, ...extra });

describe('renderDiagram', () => {
  it('draws a lifeline per client and node, arrows with message types, and fault marks', () => {
    const trace: TraceEvent[] = [
      { t: 0, kind: 'invoke', op: 1, client: 'c1', node: 'n1', body: body('broadcast', { message: 7 }) },
      { t: 1, kind: 'send', msg: { src: 'n1', dest: 'c1', body: body('broadcast_ok') }, fate: 'sent', arrives: 2 },
      { t: 1, kind: 'send', msg: { src: 'n1', dest: 'n3', body: body('gossip') }, fate: 'sent', arrives: 6 },
      { t: 2, kind: 'partition', groups: [['n1'], ['n2', 'n3']] },
      { t: 3, kind: 'send', msg: { src: 'n3', dest: 'n2', body: body('gossip') }, fate: 'lost' },
      { t: 4, kind: 'send', msg: { src: 'n2', dest: 'n1', body: body('gossip') }, fate: 'cut' },
      { t: 5, kind: 'crash', node: 'n2' },
      { t: 6, kind: 'timer', node: 'n3', name: 'sync' },
      { t: 7, kind: 'restart', node: 'n2' },
      { t: 8, kind: 'note', text: '✘ n2 never read 7' },
    ];
    expect(renderDiagram(['n1', 'n2', 'n3'], trace)).toEqual([
      '   ms  c* n1 n2 n3',
      '    0  ├─▶│  │  │   c1→n1 {"type":"broadcast","message":7}',
      '    1  │◀─┤  │  │   n1→c1 {"type":"broadcast_ok"}',
      '    1  │  ├────▶│   n1→n3 gossip',
      '    2  ┄┄┄┄┄┄┄┄┄┄   partition n1 | n2,n3',
      '    3  │  │  │✕─┤   n3→n2 gossip ✕ lost',
      '    4  │  │✕─┤  │   n2→n1 gossip ✕ cut',
      '    5  │  │  ✖  │   n2 crashes',
      '    6  │  │  ╎  ◆   n3 timer sync',
      '    7  │  │  ↻  │   n2 restarts (storage kept)',
      '    8  │  │  │  │   ✘ n2 never read 7',
    ]);
  });

  it('summarises a long run but keeps faults, client operations and the failure', () => {
    const trace: TraceEvent[] = [{ t: 0, kind: 'invoke', op: 1, client: 'c1', node: 'n1', body: body('read') }];
    for (let t = 1; t <= 500; t++) trace.push({ t, kind: 'send', msg: { src: 'n1', dest: 'n2', body: body('gossip') }, fate: 'sent', arrives: t + 1 });
    trace.push({ t: 501, kind: 'note', text: '✘ diverged' });
    const lines = renderDiagram(['n1', 'n2'], trace);
    expect(lines.length).toBeLessThanOrEqual(MAX_ROWS + 3);
    expect(lines[1]).toContain('c1→n1 {"type":"read"}');
    expect(lines[2]).toMatch(/┆ \d+ more events from 1 to \d+ ms \(gossip ×\d+\)/);
    expect(lines[0]).toBe('   ms  c* n1 n2');
    expect(lines.at(-1)).toContain('✘ diverged');
  });
});
