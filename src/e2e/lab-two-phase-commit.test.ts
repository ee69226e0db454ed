// The two-phase-commit cluster lab graded subject by subject, on a worker of its own (its crash-at-every-point
// stage takes a while); its static checks run in labs.test.ts.
import { verifyLabTracks } from './helpers/verify-lab-tracks.js';

await verifyLabTracks('two-phase-commit');
