// The deployment plan (spec → dockerode create options) and its docker run / compose renderings.
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { deviceRequestsFor, LABEL, planDeployment, servedModelNameOf } from './plan';
import { composeSnippet, dockerRunLine, shellQuote } from './render';

const base = { name: 'qwen', model: 'Qwen/Qwen3-0.6B' };

describe('GPU requests', () => {
  it('all GPUs: Count -1, no IDs, capability gpu (docker run --gpus all)', () => {
    expect(deviceRequestsFor({ kind: 'all' })).toEqual([
      { Driver: '', Count: -1, DeviceIDs: null, Capabilities: [['gpu']], Options: {} },
    ]);
  });
  it('by index: Count 0 and the indices as strings', () => {
    expect(deviceRequestsFor({ kind: 'indices', indices: [0, 2] })).toEqual([
      { Driver: '', Count: 0, DeviceIDs: ['0', '2'], Capabilities: [['gpu']], Options: {} },
    ]);
  });
  it('by UUID: the UUIDs as IDs', () => {
    const uuids = ['GPU-5f3c0e2a-1111-2222-3333-444455556666'];
    expect(deviceRequestsFor({ kind: 'uuids', uuids })?.[0].DeviceIDs).toEqual(uuids);
  });
  it('none: no DeviceRequests key at all', () => {
    const plan = planDeployment({ spec: { ...base, gpus: { kind: 'none' } }, hostPort: 8001 });
    expect(plan.create.HostConfig).not.toHaveProperty('DeviceRequests');
  });
  it('rejects a malformed UUID', () => {
    expect(() => planDeployment({ spec: { ...base, gpus: { kind: 'uuids', uuids: ['0'] } }, hostPort: 8001 })).toThrow(
      /GPU UUID/,
    );
  });
});

describe('planDeployment', () => {
  const plan = planDeployment({
    spec: { ...base, engineArgs: ['--max-model-len', '8192'] },
    hostPort: 8011,
    hfToken: 'hf_secret',
  });

  it('runs the image with the engine arguments as the command', () => {
    expect(plan.create.Image).toBe('vllm/vllm-openai:latest');
    expect(plan.create.Cmd).toEqual(['--model', 'Qwen/Qwen3-0.6B', '--max-model-len', '8192']);
    expect(plan.create.name).toBe('switchyard-qwen');
    expect(plan.create.HostConfig?.DeviceRequests?.[0].Count).toBe(-1);
  });

  it('publishes 8000 on 127.0.0.1 only, on the chosen host port', () => {
    expect(plan.create.ExposedPorts).toEqual({ '8000/tcp': {} });
    expect(plan.create.HostConfig?.PortBindings).toEqual({ '8000/tcp': [{ HostIp: '127.0.0.1', HostPort: '8011' }] });
    expect(plan.baseUrl).toBe('http://127.0.0.1:8011');
  });

  it('mounts the shared Hugging Face and vLLM caches, creating labelled named volumes', () => {
    expect(plan.create.HostConfig?.Binds).toEqual([
      'switchyard-hf-cache:/root/.cache/huggingface',
      'switchyard-vllm-cache:/root/.cache/vllm',
    ]);
    expect(plan.volumes.map((v) => v.name)).toEqual(['switchyard-hf-cache', 'switchyard-vllm-cache']);
    for (const v of plan.volumes) {
      expect(v.labels[LABEL.managed]).toBe('true');
      expect(v.labels[LABEL.deployment]).toBe('qwen');
      expect(v.labels[LABEL.shared]).toBe('true');
    }
  });

  it('binds a host folder for the HF cache when asked, and creates no volume for it', () => {
    const p = planDeployment({
      spec: { ...base, hfCache: { kind: 'bind', path: '/home/me/.cache/huggingface' } },
      hostPort: 8001,
    });
    expect(p.create.HostConfig?.Binds?.[0]).toBe('/home/me/.cache/huggingface:/root/.cache/huggingface');
    expect(p.volumes.map((v) => v.name)).toEqual(['switchyard-vllm-cache']);
  });

  it('passes the HF token as HF_TOKEN and marks it secret; keeps it out of the labels', () => {
    expect(plan.create.Env).toContain('HF_TOKEN=hf_secret');
    expect(plan.secretEnv).toEqual(['HF_TOKEN']);
    expect(JSON.stringify(plan.create.Labels)).not.toContain('hf_secret');
  });

  it('labels the container switchyard.managed=true and switchyard.deployment=<name>, with the spec for adoption', () => {
    const labels = plan.create.Labels!;
    expect(labels['switchyard.managed']).toBe('true');
    expect(labels['switchyard.deployment']).toBe('qwen');
    expect(labels[LABEL.hostPort]).toBe('8011');
    expect(JSON.parse(labels[LABEL.spec])).toMatchObject({
      name: 'qwen',
      model: 'Qwen/Qwen3-0.6B',
      hostPort: 8011,
      engineArgs: ['--max-model-len', '8192'],
    });
  });

  it('uses the host IPC namespace by default (no shm size), a private one with a size when asked', () => {
    expect(plan.create.HostConfig?.IpcMode).toBe('host');
    expect(plan.create.HostConfig).not.toHaveProperty('ShmSize');
    const p = planDeployment({ spec: { ...base, ipc: 'private', shmSizeGib: 8 }, hostPort: 8001 });
    expect(p.create.HostConfig?.IpcMode).toBe('private');
    expect(p.create.HostConfig?.ShmSize).toBe(8 * 1024 ** 3);
  });

  it('restarts on failure up to maxRestarts by default; other policies by name', () => {
    expect(plan.create.HostConfig?.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 5 });
    expect(
      planDeployment({ spec: { ...base, restartPolicy: 'unless-stopped' }, hostPort: 1 }).create.HostConfig
        ?.RestartPolicy,
    ).toEqual({ Name: 'unless-stopped' });
  });

  it('health-checks /health with Python in vLLM images and with node in the simulator image (nanosecond durations)', () => {
    expect(plan.create.Healthcheck?.Test?.slice(0, 2)).toEqual(['CMD', 'python3']);
    expect(plan.create.Healthcheck?.Interval).toBe(10e9);
    expect(plan.create.Healthcheck?.StartPeriod).toBe(1800e9);
    const sim = planDeployment({ spec: { ...base, image: 'switchyard/vllm-sim:dev' }, hostPort: 1 });
    expect(sim.create.Healthcheck?.Test?.slice(0, 2)).toEqual(['CMD', '/usr/bin/node']);
    expect(sim.create.Healthcheck?.Test?.[3]).toContain('http://127.0.0.1:8000/health');
  });

  it('serves under --served-model-name when given, in either form, else the model id', () => {
    expect(plan.servedModelName).toBe('Qwen/Qwen3-0.6B');
    expect(planDeployment({ spec: { ...base, servedModelName: 'qwen-small' }, hostPort: 1 }).create.Cmd).toEqual([
      '--model',
      'Qwen/Qwen3-0.6B',
      '--served-model-name',
      'qwen-small',
    ]);
    expect(servedModelNameOf({ model: 'm', engineArgs: ['--served-model-name=fast'] })).toBe('fast');
    expect(servedModelNameOf({ model: 'm', engineArgs: ['--served-model-name', 'fast'] })).toBe('fast');
  });

  it('refuses names Docker or DNS would not take', () => {
    expect(() => planDeployment({ spec: { ...base, name: 'Qwen Small' }, hostPort: 1 })).toThrow(/lower-case letters/);
  });
});

describe('docker run rendering', () => {
  it('quotes only what the shell needs', () => {
    expect(shellQuote('Qwen/Qwen3-0.6B')).toBe('Qwen/Qwen3-0.6B');
    expect(shellQuote('"device=0,2"')).toBe(`'"device=0,2"'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
    expect(shellQuote('')).toBe(`''`);
  });

  it('renders the plan as an equivalent docker run with the token taken from the environment', () => {
    const plan = planDeployment({
      spec: { ...base, gpus: { kind: 'indices', indices: [0, 2] }, engineArgs: ['--max-model-len', '8192'] },
      hostPort: 8011,
      hfToken: 'hf_secret',
    });
    const line = dockerRunLine(plan);
    expect(line.startsWith('docker run -d --name switchyard-qwen \\\n')).toBe(true);
    expect(line).toContain(`--gpus '"device=0,2"'`);
    expect(line).toContain('--ipc=host');
    expect(line).toContain('-p 127.0.0.1:8011:8000');
    expect(line).toContain('-v switchyard-hf-cache:/root/.cache/huggingface');
    expect(line).toContain('-e HF_TOKEN \\');
    expect(line).not.toContain('hf_secret');
    expect(line).toContain('--restart on-failure:5');
    expect(line).toContain('--label switchyard.managed=true');
    expect(line).toContain('--label switchyard.deployment=qwen');
    expect(line.endsWith('vllm/vllm-openai:latest --model Qwen/Qwen3-0.6B --max-model-len 8192')).toBe(true);
    expect(dockerRunLine(plan, { revealSecrets: true })).toContain('-e HF_TOKEN=hf_secret');
  });

  it('renders --gpus all, and no --gpus for none', () => {
    expect(dockerRunLine(planDeployment({ spec: base, hostPort: 1 }))).toContain('--gpus all');
    expect(dockerRunLine(planDeployment({ spec: { ...base, gpus: { kind: 'none' } }, hostPort: 1 }))).not.toContain(
      '--gpus',
    );
  });
});

describe('compose rendering', () => {
  it('is a compose file with the same service, GPUs as a device reservation, and named volumes', () => {
    const plan = planDeployment({
      spec: { ...base, gpus: { kind: 'uuids', uuids: ['GPU-aaaa-bbbb'] } },
      hostPort: 8011,
      hfToken: 'hf_secret',
    });
    const doc = YAML.parse(composeSnippet(plan));
    const svc = doc.services.qwen;
    expect(svc.image).toBe('vllm/vllm-openai:latest');
    expect(svc.command).toEqual(['--model', 'Qwen/Qwen3-0.6B']);
    expect(svc.ipc).toBe('host');
    expect(svc.ports).toEqual(['127.0.0.1:8011:8000']);
    expect(svc.environment).toEqual({ HF_TOKEN: '${HF_TOKEN}' });
    expect(svc.restart).toBe('on-failure:5');
    expect(svc.labels['switchyard.deployment']).toBe('qwen');
    expect(svc.deploy.resources.reservations.devices).toEqual([
      { driver: 'nvidia', device_ids: ['GPU-aaaa-bbbb'], capabilities: ['gpu'] },
    ]);
    expect(svc.healthcheck.start_period).toBe('1800s');
    expect(doc.volumes['switchyard-hf-cache']).toEqual({
      name: 'switchyard-hf-cache',
      labels: expect.objectContaining({ 'switchyard.managed': 'true' }),
    });
    expect(composeSnippet(plan)).not.toContain('hf_secret');
  });
});

describe('engines on remote hosts', () => {
  const spec = { name: 'far', model: 'Qwen/Qwen3-0.6B', gpus: { kind: 'none' as const } };
  it('listen on the local loopback only by default', () => {
    const plan = planDeployment({ spec, hostPort: 8001 });
    expect(plan.create.HostConfig!.PortBindings).toEqual({ '8000/tcp': [{ HostIp: '127.0.0.1', HostPort: '8001' }] });
    expect(plan.create.Env).not.toEqual(expect.arrayContaining([expect.stringMatching(/^VLLM_API_KEY=/)]));
  });
  it('listen on the network only behind an engine API key, which the docker run line never prints', () => {
    const plan = planDeployment({ spec, hostPort: 8001, bindAddress: '0.0.0.0', engineApiKey: 'sk-engine-secret' });
    expect(plan.create.HostConfig!.PortBindings).toEqual({ '8000/tcp': [{ HostIp: '0.0.0.0', HostPort: '8001' }] });
    expect(plan.create.Env).toContain('VLLM_API_KEY=sk-engine-secret');
    expect(plan.secretEnv).toContain('VLLM_API_KEY');
    expect(dockerRunLine(plan)).not.toContain('sk-engine-secret');
    expect(composeSnippet(plan)).not.toContain('sk-engine-secret');
  });
});

describe('deploying for agents', () => {
  const cmd = (spec: Record<string, unknown>) =>
    planDeployment({ spec: { ...base, ...spec } as typeof base, hostPort: 8011 }).create.Cmd ?? [];

  it("adds --enable-auto-tool-choice with the catalog's tool-call and reasoning parsers", () => {
    expect(cmd({ forAgents: true })).toEqual([
      '--model',
      'Qwen/Qwen3-0.6B',
      '--enable-auto-tool-choice',
      '--tool-call-parser',
      'hermes',
      '--reasoning-parser',
      'qwen3',
    ]);
    expect(cmd({ model: 'meta-llama/Llama-3.1-8B-Instruct', forAgents: true })).toEqual([
      '--model',
      'meta-llama/Llama-3.1-8B-Instruct',
      '--enable-auto-tool-choice',
      '--tool-call-parser',
      'llama3_json',
    ]);
    expect(cmd({ model: 'openai/gpt-oss-20b', forAgents: true }).slice(-2)).toEqual(['--tool-call-parser', 'openai']);
  });

  it('adds nothing unless asked, and never repeats a flag the engine arguments already have', () => {
    expect(cmd({})).toEqual(['--model', 'Qwen/Qwen3-0.6B']);
    expect(cmd({ forAgents: true, engineArgs: ['--enable-auto-tool-choice', '--tool-call-parser=qwen3_xml'] })).toEqual(
      [
        '--model',
        'Qwen/Qwen3-0.6B',
        '--enable-auto-tool-choice',
        '--tool-call-parser=qwen3_xml',
        '--reasoning-parser',
        'qwen3',
      ],
    );
  });

  it("uses the spec's parsers first, the model family for models the catalog lacks, and says when none is known", () => {
    expect(cmd({ forAgents: true, toolCallParser: 'qwen3_xml', reasoningParser: 'deepseek_r1' }).slice(2)).toEqual([
      '--enable-auto-tool-choice',
      '--tool-call-parser',
      'qwen3_xml',
      '--reasoning-parser',
      'deepseek_r1',
    ]);
    expect(cmd({ model: 'mistralai/Devstral-Small-2507', forAgents: true }).slice(2)).toEqual([
      '--enable-auto-tool-choice',
      '--tool-call-parser',
      'mistral',
    ]);
    expect(cmd({ model: 'Qwen/Qwen3-4B-Thinking-2507', forAgents: true }).slice(-2)).toEqual([
      '--reasoning-parser',
      'qwen3',
    ]);
    expect(() => cmd({ model: 'google/gemma-2-9b-it', forAgents: true })).toThrow(
      /No vLLM tool-call parser is known for google\/gemma-2-9b-it: set toolCallParser/,
    );
    expect(() => cmd({ model: 'someone/unknown-7b', forAgents: true })).toThrow(/set toolCallParser/);
  });
});
