// The saga lab graded subject by subject, in a file of its own so vitest spreads the labs over workers;
// its static checks run in labs.test.ts.
import { verifyLabTracks } from './helpers/verify-lab-tracks.js';

await verifyLabTracks('saga');
