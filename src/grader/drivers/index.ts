import type { LabKind } from '../../catalog/schema/lab.js';
import type { DriverFactory } from './driver.js';
import { openLibraryDriver } from './library.js';

/** How each kind of lab reaches the learner's program. */
export const DRIVERS: Record<LabKind, DriverFactory> = {
  library: openLibraryDriver,
  service: async () => { throw new Error('service labs are not supported yet'); },
};
