// Preload of the bench's `--alloc-prof` mode (alloc-profile.ts): serve runs with `-r` this file and
// the gateway child it forks inherits the flag. In the gateway process only, the first SIGUSR2
// starts V8's sampling heap profiler counting the objects garbage collected too (so the profile
// is what was allocated, not what stayed alive), and the next SIGUSR2 writes what it sampled to
// $BENCH_ALLOC_PROF_DIR/<pid>.heapprofile. Plain CommonJS: Node loads it before the bundle.
'use strict';
const { basename, join } = require('node:path');

if (basename(process.argv[1] ?? '') === 'gateway.cjs' && process.env.BENCH_ALLOC_PROF_DIR) {
  const { writeFileSync } = require('node:fs');
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const interval = Number(process.env.BENCH_ALLOC_SAMPLE_BYTES ?? 4096);
  let sampling = false;
  process.on('SIGUSR2', () => {
    if (!sampling) {
      sampling = true;
      session.post('HeapProfiler.startSampling', {
        samplingInterval: interval,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
      return;
    }
    sampling = false;
    session.post('HeapProfiler.stopSampling', (err, result) => {
      const file = join(process.env.BENCH_ALLOC_PROF_DIR, `${process.pid}.heapprofile`);
      if (err) console.error(`[alloc-sampler] no profile: ${err.message}`);
      else writeFileSync(file, JSON.stringify(result.profile));
    });
  });
}
