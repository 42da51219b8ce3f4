// The simulator image on the real Docker engine: built offline (FROM scratch), run with
// dockerode like a vLLM deployment (engine arguments as the command, labels, a loopback port),
// ready on /health, vLLM's start-up lines in its logs, and `docker stop` in under 2 s (node as
// PID 1 handles SIGTERM).
import Docker from 'dockerode';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSimImage, SIM_IMAGE_TAG } from '../src';
import { hasDocker } from './requirements';

const docker = new Docker();
const TEST_LABEL = 'switchyard.test';
const runId = `simtest-${process.pid}-${Date.now()}`;

async function removeTestContainers(): Promise<void> {
  const mine = await docker.listContainers({ all: true, filters: { label: [`${TEST_LABEL}=${runId}`] } });
  await Promise.all(
    mine.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => {}),
    ),
  );
}

/** Docker's multiplexed log stream → text (8-byte frame headers stripped). */
function demux(buf: Buffer): string {
  let out = '';
  for (let i = 0; i + 8 <= buf.length; ) {
    const size = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + size).toString('utf8');
    i += 8 + size;
  }
  return out;
}

describe.skipIf(!hasDocker())('switchyard/vllm-sim image', () => {
  let built: { tag: string; bytes: number };
  const progress: string[] = [];

  beforeAll(async () => {
    built = await buildSimImage({ onProgress: (l) => progress.push(l) });
  });

  afterAll(removeTestContainers);

  it('builds FROM scratch with no registry', async () => {
    expect(built.tag).toBe(SIM_IMAGE_TAG);
    expect(built.bytes).toBeGreaterThan(50e6);
    expect(built.bytes).toBeLessThan(300e6);
    expect(progress.some((l) => /Successfully (built|tagged)/.test(l))).toBe(true);
    const info = await docker.getImage(SIM_IMAGE_TAG).inspect();
    expect(info.Config.Entrypoint).toEqual(['/usr/bin/node', '/app/vllm-sim.cjs']);
    expect(info.Config.Labels['switchyard.component']).toBe('vllm-sim');
  });

  it('runs like a vLLM deployment: ready on /health, start-up lines in its logs, stopped in under 2 s', async () => {
    const name = `switchyard-${runId}`;
    const container = await docker.createContainer({
      name,
      Image: SIM_IMAGE_TAG,
      Cmd: [
        '--model',
        'Qwen/Qwen3-0.6B',
        '--served-model-name',
        'qwen-docker',
        '--max-model-len',
        '2048',
        '--startup-s',
        '0.5',
        '--gpu-memory-utilization',
        '0.9',
      ],
      Labels: { 'switchyard.managed': 'true', 'switchyard.deployment': name, [TEST_LABEL]: runId },
      ExposedPorts: { '8000/tcp': {} },
      HostConfig: { PortBindings: { '8000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
    });
    await container.start();
    const info = await container.inspect();
    const port = Number(info.NetworkSettings.Ports['8000/tcp'][0].HostPort);
    const url = `http://127.0.0.1:${port}`;

    const deadline = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < deadline) {
      // Through docker-proxy a loading engine's port accepts then closes; fetch would retry
      // such a request forever, so each probe carries its own timeout (as any prober must).
      status = await fetch(`${url}/health`, { signal: AbortSignal.timeout(500) }).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);

    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'none', maxRetries: 0 });
    const answer = await client.chat.completions.create({
      model: 'qwen-docker',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 4,
    });
    expect(answer.choices[0].message.content!.length).toBeGreaterThan(0);

    const logs = demux((await container.logs({ stdout: true, stderr: true })) as unknown as Buffer);
    for (const line of [
      'vLLM API server version',
      "non-default args: {'model': 'Qwen/Qwen3-0.6B'",
      'Using max model len 2048',
      'Model loading took',
      'GPU KV cache size:',
      'Maximum concurrency for 2,048 tokens per request',
      'Starting vLLM API server 0 on http://0.0.0.0:8000',
      'Application startup complete.',
    ]) {
      expect(logs, line).toContain(line);
    }
    expect(logs).toMatch(/\(APIServer pid=1\) /);

    const started = Date.now();
    await container.stop({ t: 10 });
    expect(Date.now() - started).toBeLessThan(2_000);
    const stopped = await container.inspect();
    expect(stopped.State.ExitCode).toBe(0);
    await container.remove();
  });
});
