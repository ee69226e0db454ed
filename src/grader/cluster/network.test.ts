import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.js';
import { Network } from './network.js';

const nodes = ['n1', 'n2', 'n3'];

describe('Network', () => {
  it('draws latencies within the bounds, the same for the same seed', () => {
    const draw = () => {
      const net = new Network({ latency: { kind: 'uniform', minMs: 5, maxMs: 9 } }, createRandom(11));
      return Array.from({ length: 200 }, (_, t) => net.route('n1', 'n2', t).arrivals[0] - t);
    };
    const delays = draw();
    expect(Math.min(...delays)).toBe(5);
    expect(Math.max(...delays)).toBe(9);
    expect(draw()).toEqual(delays);
  });

  it('cuts both ways across a partition, one way with a cut, and heals', () => {
    const net = new Network({}, createRandom(1));
    net.partition([['n1'], ['n2', 'n3']], nodes);
    expect(net.route('n1', 'n2', 0).fate).toBe('cut');
    expect(net.route('n3', 'n1', 0).fate).toBe('cut');
    expect(net.route('n2', 'n3', 0).fate).toBe('sent');
    net.heal();
    net.cut(['n1'], ['n3']);
    expect(net.route('n1', 'n3', 0).fate).toBe('cut');
    expect(net.route('n3', 'n1', 0).fate).toBe('sent');
  });

  it('puts nodes left out of a partition in a group of their own', () => {
    const net = new Network({}, createRandom(1));
    net.partition([['n1', 'n2']], nodes);
    expect(net.isBlocked('n3', 'n1')).toBe(true);
    expect(net.isBlocked('n1', 'n2')).toBe(false);
  });

  it('loses and duplicates with the given probabilities', () => {
    const lossy = new Network({ loss: 1 }, createRandom(2));
    expect(lossy.route('n1', 'n2', 0)).toEqual({ fate: 'lost', arrivals: [] });
    const doubled = new Network({ duplicate: 1 }, createRandom(2));
    expect(doubled.route('n1', 'n2', 0).arrivals).toHaveLength(2);
  });

  it('keeps a FIFO link in order and never delivers before the minimum latency', () => {
    const net = new Network({ latency: { kind: 'uniform', minMs: 1, maxMs: 50 }, fifo: true }, createRandom(5));
    const arrivals = Array.from({ length: 100 }, (_, t) => net.route('n1', 'n2', t).arrivals[0]);
    expect([...arrivals].sort((a, b) => a - b)).toEqual(arrivals);
    arrivals.forEach((a, t) => expect(a).toBeGreaterThanOrEqual(t + net.minLatency()));
  });

  it('refuses latencies below 1 ms and probabilities outside [0, 1]', () => {
    expect(() => new Network({ latency: { kind: 'fixed', ms: 0 } }, createRandom(1))).toThrow(/at least 1/);
    expect(() => new Network({ loss: 2 }, createRandom(1))).toThrow(/probability/);
  });
});
