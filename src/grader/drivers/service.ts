import { setMaxListeners } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import getPort from 'get-port';
import { runBenchmark } from '../service/benchmark.js';
import { ServiceClientImpl } from '../service/client.js';
import { HelperSet } from '../service/helpers.js';
import { ServiceInstance } from '../service/instance.js';
import { programUnavailable, type DriverRequest, type DriverSession } from './driver.js';

/**
 * Service labs: the learner's HTTP server on a free port, with DATA_DIR kept for the whole grade, the lab's
 * variables and its helpers' addresses; ready once GET /healthz answers 200. A lab may ask for several
 * instances side by side (`service.instances`), each on its own port with its own DATA_DIR.
 */
export const openServiceDriver = async (request: DriverRequest): Promise<DriverSession> => {
  const { lab } = request;
  const service = lab.service;
  if (!service) throw new Error(`${lab.id} is a service lab without a \`service\` section`);
  // Every request in flight listens to the grade's signal; a check may have dozens at once.
  setMaxListeners(0, request.signal);
  const helpers = await HelperSet.open(lab);
  // Instance 0 keeps DATA_DIR at data/ (what single-instance labs always had); the others get data-1/, data-2/ ….
  const instances: ServiceInstance[] = [];
  try {
    for (let i = 0; i < service.instances; i++) {
      const dataDir = join(request.runDir, i === 0 ? 'data' : `data-${i}`);
      await mkdir(dataDir, { recursive: true });
      const instance = new ServiceInstance({
        spawn: request.spawn, port: await getPort({ host: '127.0.0.1' }), dataDir, env: { ...service.env, ...helpers.env() },
        startTimeoutMs: service.startTimeoutMs, faults: request.track.faults, signal: request.signal,
      });
      instances.push(instance);
      await instance.start();
    }
  } catch (error) {
    for (const instance of instances) await instance.stop();
    await helpers.close();
    throw error;
  }
  const client: ServiceClientImpl = new ServiceClientImpl(instances, helpers, lab.replyTimeoutMs, request.signal,
    (options) => runBenchmark(request, client, options, helpers));
  const several = instances.length > 1;
  return {
    get alive() { return instances.every((i) => i.alive); },
    exclusive: true,
    contextFor(steps) { client.steps = steps; return { program: programUnavailable('service'), service: client }; },
    outputTail: () => instances.flatMap((instance, i) => instance.output.get().map((line) => several ? `[instance ${i}] ${line}` : line)),
    stop: async () => { await Promise.all(instances.map((i) => i.stop())); await helpers.close(); },
  };
};
