import { Box, Text } from 'ink';
import type { PlanReport } from '../progress/plan-ticks.js';
import { bar, describeNext, planRows, type PlanRow } from '../progress/plan-rows.js';

export interface PlanViewProps {
  readonly report: PlanReport;
  /** False under NO_COLOR: marks and bars still show, without colour. */
  readonly color: boolean;
}

/** The plan tree with ticks, a bar per part and module, and the next step. A static screen: it renders once. */
export function PlanView({ report, color }: PlanViewProps) {
  const rows = planRows(report);
  return (
    <Box flexDirection="column">
      {rows.map((row, i) => <Row key={i} row={row} color={color} />)}
      <Box marginTop={1}>
        <Text><Text bold>Next: </Text>{describeNext(report.next)}</Text>
      </Box>
    </Box>
  );
}

function Row({ row, color }: { readonly row: PlanRow; readonly color: boolean }) {
  const indent = '  '.repeat(row.depth);
  const c = (name: string) => (color ? name : undefined);
  if (row.kind === 'heading') {
    const top = row.level === 'plan' || row.level === 'part';
    return (
      <Box marginTop={top ? 1 : 0}>
        <Text>
          <Text bold={row.level !== 'group'} underline={row.level === 'plan'}>{indent}{row.label}</Text>{'  '}
          <Text color={c(row.tally.percent === 100 ? 'green' : 'cyan')}>{bar(row.tally.percent, 12, false)}</Text>
          {` ${String(row.tally.percent).padStart(3)}% `}<Text dimColor>({row.tally.done}/{row.tally.total})</Text>
        </Text>
      </Box>
    );
  }
  if (row.kind === 'extra') {
    return <Text dimColor>{indent}{row.checked ? '☑' : '☐'} {row.label} (imported, not in the plan)</Text>;
  }
  const mark = row.mark === 'results' ? '✔' : row.mark === 'hand' ? '✎' : '○';
  const markColor = row.mark === 'results' ? 'green' : row.mark === 'hand' ? 'cyan' : 'gray';
  // One Text with nested parts: a long line wraps as one paragraph, never into side-by-side columns.
  return (
    <Text>
      {indent}<Text color={c(markColor)}>{mark} </Text>{row.label}{row.detail ? <Text dimColor>{`  ${row.detail}`}</Text> : null}
    </Text>
  );
}
