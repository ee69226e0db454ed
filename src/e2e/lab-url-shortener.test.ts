// The url-shortener lab graded subject by subject, in a file of its own so vitest spreads the labs over workers;
// its static checks run in labs.test.ts, and its references pass every stage in service-lab.test.ts.
import { verifyLabTracks } from './helpers/verify-lab-tracks.js';

await verifyLabTracks('url-shortener', { referencesGradedIn: 'service-lab.test.ts' });
