// The distributed-rate-limiter lab graded subject by subject, on a worker of its own; its static checks run in labs.test.ts.
import { verifyLabTracks } from './helpers/verify-lab-tracks.js';

await verifyLabTracks('distributed-rate-limiter');
