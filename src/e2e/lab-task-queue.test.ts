// The task-queue lab: references pass every stage (benchmark included, short), starters fail stage 1,
// and every broken fixture fails the stage and check it names, in both tracks.
import { verifyLabTracks } from './helpers/verify-lab-tracks.js';

await verifyLabTracks('task-queue');
