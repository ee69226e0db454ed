import type { DriverRequest, DriverSession } from './driver.js';

/** Cluster labs: the track's cluster driver hosting every node, behind the simulated network. */
export const openClusterDriver = async (request: DriverRequest): Promise<DriverSession> => {
  throw new Error(`${request.lab.id}: the cluster engine is being built (issue #14); its check API is in src/grader/api.ts`);
};
