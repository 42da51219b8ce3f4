// A process with the last-resort handler installed, whose "requests" fail in the two ways no
// handler caught before the fixes: a throw in a callback and a rejected promise nobody awaits.
// It must log both and go on to print its closing line and exit 0.
import { createServer } from 'node:http';
import { keepServingOnUncaughtErrors } from '../../../electron/core/last-resort';

if (process.env.SWITCHYARD_NO_SAFETY_NET !== '1') keepServingOnUncaughtErrors('probe', (line) => console.error(line));
const server = createServer((req, res) => {
  if (req.url === '/throw') setImmediate(() => decodeURIComponent('%'));
  if (req.url === '/reject') void Promise.reject(new Error('nobody awaited this'));
  res.end('ok');
});
server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address() as { port: number };
  for (const path of ['/throw', '/reject', '/throw', '/health'])
    console.log(`${path} ${(await fetch(`http://127.0.0.1:${port}${path}`)).status}`);
  await new Promise((r) => setTimeout(r, 50));
  console.log('still serving');
  server.close();
});
