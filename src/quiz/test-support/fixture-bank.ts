import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { CliContext } from '../../cli/context.js';

/** A tiny bank: one single-answer choice, one multi-answer choice, one recall, one design prompt. */
export const FIXTURE_BANK = `topic: demo
title: A demo topic
questions:
  - id: demo.single
    kind: choice
    plan: [hld.scale.caching]
    prompt: Which cache pattern deletes the key on write?
    options: [Write-through, Cache-aside, Write-behind]
    answer: [1]
    explanation: Cache-aside writes the database, then deletes the key.
  - id: demo.multi
    kind: choice
    plan: [hld.scale.caching]
    prompt: Which of these bound a stale cache entry?
    options: [A TTL, A second delayed delete, A bigger cache, Versioned fills]
    answer: [0, 1, 3]
    explanation: Size does not bound staleness; the other three do.
  - id: demo.recall
    kind: recall
    plan: [hld.scale.caching]
    prompt: What is a cache stampede, and one way to stop it?
    answer: Many requests miss one hot key at once; single-flight lets one of them load it.
    keyPoints: [many misses on one key, single-flight, serve stale while refreshing]
  - id: demo.design
    kind: design
    plan: [case.url-shortener]
    prompt: Design a URL shortener for 100 million links a month.
    minutes: 30
    rubric:
      requirements:
        - { point: Functional and non-functional requirements }
      architecture:
        - { point: Stateless API behind a load balancer }
        - { point: Cache hot redirects, weight: 2 }
      deepDives:
        - { point: Key generation without collisions, weight: 2 }
      tradeOffs:
        - { point: 301 versus 302 redirects }
`;

export function fixtureBankDir(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'sysdesign-bank-'));
  writeFileSync(join(dir, 'demo.yaml'), FIXTURE_BANK);
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  return dir;
}

export interface TestContext { ctx: CliContext; out(): string; err(): string }

/** A context with scripted stdin, captured output, a temp store and a fixed clock. */
export function testContext(opts: { home: string; bank: string; now: Date; input?: string }): TestContext {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => { out += String(d); });
  stderr.on('data', (d) => { err += String(d); });
  const ctx: CliContext = {
    cwd: opts.home, env: { SYSDESIGN_QUESTIONS: opts.bank, NO_COLOR: '1' }, stdin: Readable.from([opts.input ?? '']),
    stdout, stderr, interactive: false, home: opts.home, now: () => opts.now, signal: new AbortController().signal, exitCode: 0,
  };
  return { ctx, out: () => out, err: () => err };
}
