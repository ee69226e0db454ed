import { CheckFailure, type FailureDetail } from '../check-failure.js';
import { renderDiagram } from './diagram.js';
import type { NodeId, TraceEvent } from './types.js';

/** A check failure in a cluster run: the report shows the run as a message-sequence diagram. */
export class ClusterFailure extends CheckFailure {
  constructor(message: string, detail: FailureDetail, run: { nodeIds: NodeId[]; trace: readonly TraceEvent[]; seed: number }) {
    super(message, detail);
    this.name = 'ClusterFailure';
    this.diagram = [`the run, in virtual ms (grade --trace FILE writes every event):`, ...renderDiagram(run.nodeIds, run.trace)];
  }
}
