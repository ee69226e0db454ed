import { Chalk } from 'chalk';
import { Box, Text, useApp, useInput } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { rubricPoints } from '../quiz/design.js';
import { localDateTime } from '../progress/local-time.js';
import type { CardResult, SessionState } from '../quiz/session.js';
import { resultLine, rubricLines, summaryLines } from '../quiz/text.js';
import { initialView, reduceView, type ViewEvent, type ViewState } from './quiz-view-state.js';

/** Ink colours the lines itself. */
const NO_COLOUR = new Chalk({ level: 0 });

export interface QuizViewProps {
  readonly session: SessionState;
  now(): Date;
  /** Stores a result; resolves to the card's next due date. */
  record(result: CardResult): Promise<Date>;
  /** Exam: overrides the design prompt's suggested minutes. */
  readonly minutes?: number;
  onFinish(state: SessionState): void;
  /** Present when $EDITOR is set: Ctrl-E on a design prompt writes the answer there. */
  openEditor?: (text: string) => string;
}

export function QuizView(props: QuizViewProps) {
  const { exit } = useApp();
  const [state, setState] = useState<ViewState>(() => initialView(props.session, props.now().getTime()));
  const latest = useRef(state);
  const [clock, setClock] = useState(() => props.now().getTime());

  const dispatch = (event: ViewEvent) => {
    const next = reduceView(latest.current, event);
    latest.current = next.state;
    setState(next.state);
    if (next.submitted) {
      const { id } = next.submitted.question;
      void props.record(next.submitted).then((due) => dispatch({ type: 'recorded', id, due }));
    }
    if (next.state.phase.name === 'done') props.onFinish(next.state.session);
  };

  useInput((input, key) => {
    const at = props.now().getTime();
    if (key.ctrl && input === 'e' && props.openEditor && latest.current.phase.name === 'design-typing') {
      dispatch({ type: 'edited', text: props.openEditor(latest.current.phase.text), at: props.now().getTime() });
      return;
    }
    dispatch({ type: 'key', input, key, at });
  });

  // Subscriptions only: the countdown's tick, and leaving once the summary is drawn.
  const timed = state.phase.name === 'design-typing';
  useEffect(() => {
    if (!timed) return undefined;
    const timer = setInterval(() => setClock(props.now().getTime()), 1000);
    return () => clearInterval(timer);
  }, [timed]);
  const done = state.phase.name === 'done';
  useEffect(() => { if (done) exit(); }, [done]);

  return <QuizFrame state={state} clock={clock} minutes={props.minutes} canEdit={Boolean(props.openEditor)} />;
}

export interface QuizFrameProps { readonly state: ViewState; readonly clock: number; readonly minutes?: number; readonly canEdit: boolean }

/** What one state looks like; pure, so tests can draw any state. */
export function QuizFrame({ state, clock, minutes, canEdit }: QuizFrameProps) {
  const { session, phase } = state;
  if (phase.name === 'done') {
    return <Box flexDirection="column">{summaryLines(session, state.dues).map((l, i) => <Text key={i}>{l}</Text>)}</Box>;
  }
  const index = phase.name === 'result' ? session.results.length - 1 : session.results.length;
  const q = session.cards[index];
  const total = session.cards.length;
  return (
    <Box flexDirection="column">
      <Progress k={index + 1} n={total} />
      <Text dimColor>{`${q.topic} · ${q.kind} · ${q.id}`}</Text>
      <Text>{q.prompt.trimEnd()}</Text>
      <Box marginTop={1} flexDirection="column">{body()}</Box>
    </Box>
  );

  function body() {
    switch (phase.name) {
      case 'choice':
        if (q.kind !== 'choice') return null;
        return <>
          {q.options.map((o, i) => (
            <Text key={i} color={i === phase.cursor ? 'cyan' : undefined}>
              {`${i === phase.cursor ? '›' : ' '} ${phase.selected.includes(i + 1) ? '[x]' : '[ ]'} ${i + 1}) ${o}`}
            </Text>
          ))}
          <Text dimColor>{q.answer.length > 1 ? 'select all that apply: numbers or space to toggle, Enter to answer' : 'number or ↑↓, Enter to answer'}</Text>
        </>;
      case 'recall-typing':
        return <><Text>{`Your answer: ${phase.text}▌`}</Text><Text dimColor>Enter to reveal the model answer</Text></>;
      case 'recall-revealed':
        if (q.kind !== 'recall') return null;
        return <>
          <Text>{`Your answer: ${phase.text}`}</Text>
          <Text bold>Model answer</Text><Text>{q.answer.trimEnd()}</Text>
          <Text bold>Key points</Text>{q.keyPoints.map((k, i) => <Text key={i}>{`  - ${k}`}</Text>)}
          <Text color="cyan">Rate yourself: 1 again, 2 hard, 3 good, 4 easy</Text>
        </>;
      case 'estimate-typing':
        if (q.kind !== 'estimate') return null;
        return <><Text>{`Your estimate: ${phase.text}▌ ${q.unit}`}</Text><Text dimColor>a number such as 12000, 12k or 1.2e4; Enter to answer</Text></>;
      case 'design-typing': {
        if (q.kind !== 'design') return null;
        const limit = (minutes ?? q.minutes) * 60_000;
        const left = limit - (clock - phase.startedAt);
        return <>
          <Text color={left < 0 ? 'red' : 'yellow'}>{left < 0 ? `Over time by ${formatMs(-left)}` : `Time left ${formatMs(left)} of ${minutes ?? q.minutes} min`}</Text>
          <Text>{`${phase.text}▌`}</Text>
          <Text dimColor>{`Enter for a new line, Ctrl-D when done${canEdit ? ', Ctrl-E to write in $EDITOR' : ''}`}</Text>
        </>;
      }
      case 'design-rubric': {
        if (q.kind !== 'design') return null;
        const lines = rubricLines(rubricPoints(q), phase.covered);
        let point = -1;
        return <>
          <Text bold>Model answer: mark each point your answer covered (* = covered)</Text>
          {lines.map((l, i) => {
            const isPoint = /^\s{3}[* ]\s/.test(l);
            if (isPoint) point++;
            return <Text key={i} color={isPoint && point === phase.cursor ? 'cyan' : undefined}>{l}</Text>;
          })}
          <Text dimColor>↑↓ to move, space to toggle, Enter to confirm</Text>
        </>;
      }
      case 'result': {
        const r = phase.result;
        return <>
          <Text color={r.correct ? 'green' : 'red'}>{resultLine(r, NO_COLOUR)}</Text>
          {r.question.kind === 'choice' || r.question.kind === 'estimate' ? <Text>{r.question.explanation.trimEnd()}</Text> : null}
          <Text dimColor>{phase.due ? `Next review: ${localDateTime(phase.due)}` : 'Saving…'}</Text>
          <Text dimColor>Enter for the next card, Esc to stop</Text>
        </>;
      }
    }
  }
}

function Progress({ k, n }: { readonly k: number; readonly n: number }) {
  const width = 20;
  const filled = Math.round((k / n) * width);
  return <Text>{`Card ${k} of ${n} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`}</Text>;
}

function formatMs(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
