import type { LabKind } from '../../catalog/schema/lab.js';
import type { DriverFactory } from './driver.js';
import { openClusterDriver } from './cluster.js';
import { openLibraryDriver } from './library.js';
import { openServiceDriver } from './service.js';

/** How each kind of lab reaches the learner's program. */
export const DRIVERS: Record<LabKind, DriverFactory> = {
  library: openLibraryDriver,
  service: openServiceDriver,
  cluster: openClusterDriver,
};
