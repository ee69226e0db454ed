import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { CardResult, SessionState } from '../quiz/session.js';
import { quizScreen } from './quiz-screen.js';
import { initialView, reduceView, type ViewEvent, type ViewState } from './quiz-view-state.js';
import { windowLines, type Line } from './screen-lines.js';

export interface QuizViewProps {
  readonly session: SessionState;
  now(): Date;
  /** Stores a result; resolves to the card's next due date. */
  record(result: CardResult): Promise<Date>;
  /** Exam: overrides the design prompt's suggested minutes. */
  readonly minutes?: number;
  /** False under NO_COLOR (or a terminal without colour): styles that are colour are left out. */
  readonly colors?: boolean;
  onFinish(state: ViewState): void;
  /** Present when $EDITOR is set: Ctrl-E on a design prompt writes the answer there. */
  openEditor?: (text: string) => string;
}

export function QuizView(props: QuizViewProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [state, setState] = useState<ViewState>(() => initialView(props.session, props.now().getTime()));
  const latest = useRef(state);
  const [clock, setClock] = useState(() => props.now().getTime());
  const [scroll, setScroll] = useState({ key: '', offset: 0 });
  const [size, setSize] = useState(() => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 }));

  const dispatch = (event: ViewEvent) => {
    const next = reduceView(latest.current, event);
    latest.current = next.state;
    setState(next.state);
    if (next.submitted) {
      const { id } = next.submitted.question;
      void props.record(next.submitted).then((due) => dispatch({ type: 'recorded', id, due }));
    }
    if (next.state.phase.name === 'done') props.onFinish(next.state);
  };

  // Scrolling belongs to one card in one phase: a new one starts from its own default view.
  const scrollKey = `${state.session.results.length}:${state.phase.name}`;
  const offset = scroll.key === scrollKey ? scroll.offset : 0;

  useInput((input, key) => {
    if (key.pageUp || key.pageDown) {
      setScroll({ key: scrollKey, offset: offset + (key.pageDown ? 1 : -1) * Math.max(1, size.rows - 6) });
      return;
    }
    // Any other key acts on the card: the view follows the cursor again.
    if (offset !== 0) setScroll({ key: scrollKey, offset: 0 });
    if (key.ctrl && input === 'e' && props.openEditor && latest.current.phase.name === 'design-typing') {
      dispatch({ type: 'edited', text: props.openEditor(latest.current.phase.text), at: props.now().getTime() });
      return;
    }
    dispatch({ type: 'key', input, key, at: props.now().getTime() });
  });

  // Subscriptions only: the clocks' tick, the terminal's size, and leaving once the summary is drawn.
  const timed = state.phase.name === 'design-typing' || (state.session.mode === 'exam' && state.phase.name !== 'done');
  useEffect(() => {
    if (!timed) return undefined;
    const timer = setInterval(() => setClock(props.now().getTime()), 1000);
    return () => clearInterval(timer);
  }, [timed]);
  useEffect(() => {
    const resize = () => setSize({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', resize);
    return () => { stdout.off('resize', resize); };
  }, [stdout]);
  const done = state.phase.name === 'done';
  useEffect(() => { if (done) exit(); }, [done]);

  return <QuizFrame state={state} clock={clock} minutes={props.minutes} canEdit={Boolean(props.openEditor)}
    colors={props.colors ?? true} columns={size.columns} rows={size.rows} offset={offset} />;
}

export interface QuizFrameProps {
  readonly state: ViewState; readonly clock: number; readonly minutes?: number; readonly canEdit: boolean;
  readonly colors: boolean; readonly columns: number; readonly rows: number; readonly offset: number;
}

/**
 * What one state looks like; pure, so tests can draw any state. The header and the key hints stay on
 * screen; the body between them shows what fits of the card (rows - 1, so the terminal never scrolls the
 * header away), following the cursor, with "more" markers and PgUp/PgDn when it does not fit.
 */
export function QuizFrame({ state, clock, minutes, canEdit, colors, columns, rows, offset }: QuizFrameProps) {
  const width = Math.max(20, columns - 1);
  const screen = quizScreen(state, { width, clock, minutes, canEdit });
  const fixed = screen.header.length + screen.footer.length;
  let height = Math.max(3, rows - 1 - fixed);
  const fits = screen.body.length <= height;
  if (!fits) height -= 2; // the two "more" markers
  const view = windowLines(screen.body, height, screen.focus, offset, screen.top);
  const marker = (n: number, dir: string, keyName: string): Line => ({ text: n > 0 ? `${dir} ${n} more line${n === 1 ? '' : 's'} (${keyName})` : '', style: 'dim' });
  const lines: Line[] = [
    ...screen.header,
    ...(fits ? view.lines : [marker(view.above, '↑', 'PgUp'), ...view.lines, marker(view.below, '↓', 'PgDn')]),
    ...screen.footer,
  ];
  return <Box flexDirection="column">{lines.map((l, i) => <Row key={i} line={l} colors={colors} />)}</Box>;
}

function Row({ line, colors }: { readonly line: Line; readonly colors: boolean }) {
  const text = line.text === '' ? ' ' : line.text;
  switch (line.style) {
    case 'bold': return <Text bold wrap="truncate">{text}</Text>;
    case 'dim': return colors ? <Text dimColor wrap="truncate">{text}</Text> : <Text wrap="truncate">{text}</Text>;
    case 'code': return <Text color={colors ? 'cyan' : undefined} wrap="truncate">{text}</Text>;
    case 'good': return <Text color={colors ? 'green' : undefined} wrap="truncate">{text}</Text>;
    case 'bad': return <Text color={colors ? 'red' : undefined} wrap="truncate">{text}</Text>;
    case 'warn': return <Text color={colors ? 'yellow' : undefined} wrap="truncate">{text}</Text>;
    // The focus row is marked by "›" as well, and drawn inverse without colour: the cursor never depends on colour.
    case 'focus': return colors ? <Text color="cyan" wrap="truncate">{text}</Text> : <Text inverse wrap="truncate">{text}</Text>;
    default: return <Text wrap="truncate">{text}</Text>;
  }
}
