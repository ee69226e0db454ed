// Lab integrity of the g-counter cluster lab, on a worker of its own (its randomised stages take a while).
import { loadCatalog } from '../catalog/catalog.js';
import { availableTracks, describeLabIntegrity } from './helpers/lab-integrity.js';

const catalog = await loadCatalog();
describeLabIntegrity(catalog, catalog.lab('g-counter'), await availableTracks(catalog));
