import { describe, expect, it } from 'vitest';
import type { GradeResult } from '../events.js';
import { toJunitXml } from './junit.js';

const result: GradeResult = {
  lab: 'demo', labVersion: 1, track: 'ts', seed: 5, passed: false, stagesTotal: 2, stagesPassed: 1,
  changedProvided: [], durationMs: 1500,
  stages: [
    { index: 1, id: 'one', title: 'First <stage>', status: 'passed', randomised: false, repeatable: false, durationMs: 10, checks: [{ id: 'a', title: 'works', status: 'passed', durationMs: 3 }] },
    {
      index: 2, id: 'two', title: 'Second', status: 'failed', randomised: true, repeatable: true, durationMs: 20, checks: [{
        id: 'b', title: 'answers "ok"', status: 'failed', durationMs: 7,
        failure: { message: 'must be open', hasExpected: true, expected: { state: 'open' }, received: { state: 'closed' }, steps: [{ kind: 'reply', request: { op: 'state' }, reply: { state: 'closed' } }], programOutput: ['log \u0001line'], seed: 5 },
      }],
    },
  ],
};

describe('toJunitXml', () => {
  const xml = toJunitXml(result);
  it('counts tests and failures', () => {
    expect(xml).toContain('<testsuites name="demo (ts)" tests="2" failures="1" time="1.500">');
  });
  it('makes each stage a suite and each check a case, escaping XML', () => {
    expect(xml).toContain('<testsuite name="stage 1: First &lt;stage&gt;" id="one" tests="1" failures="0" skipped="0" time="0.010">');
    expect(xml).toContain('<testcase classname="demo.two" name="answers &quot;ok&quot;" time="0.007">');
  });
  it('puts the replayed steps, expected and received in the failure, and stderr in system-err', () => {
    expect(xml).toMatch(/<failure message="must be open">→ \{&quot;op&quot;:&quot;state&quot;\}  ← \{&quot;state&quot;:&quot;closed&quot;\}\nmust be open\nexpected \{&quot;state&quot;:&quot;open&quot;\}/);
    expect(xml).toContain('<system-err>log line</system-err>');
  });
});
