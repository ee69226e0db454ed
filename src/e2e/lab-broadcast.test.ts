// Lab integrity of the broadcast cluster lab, on a worker of its own (its randomised stages take a while).
import { loadCatalog } from '../catalog/catalog.js';
import { availableTracks, describeLabIntegrity } from './helpers/lab-integrity.js';

const catalog = await loadCatalog();
describeLabIntegrity(catalog, catalog.lab('broadcast'), await availableTracks(catalog));
