// `switchyard fit` (offline), `deploy --dry-run`, and the instance-backed commands' output.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeploymentProgress } from '../../../shared/deployment-schemas';
import type { InstanceClient } from '../commands/instance-client';
import { parseGpus, runDockerCommand, type DockerCommand } from './cli-commands';

const fixture = (name: string) => join(__dirname, '../fit/fixtures', `${name}.config.json`);
const noInstance = () => {
  throw new Error('No running Switchyard found');
};

async function run(
  command: DockerCommand,
  argv: string[],
  client?: Partial<InstanceClient>,
  extra: Record<string, unknown> = {},
) {
  const out: string[] = [];
  await runDockerCommand(command, argv, {
    print: (l) => out.push(l),
    connect: client ? () => client as InstanceClient : noInstance,
    sleep: async () => undefined,
    ...extra,
  });
  return out;
}

describe('switchyard fit', () => {
  it('--json prints the CONTRACT fields, offline from --config-json and --gpu-mem-gib', async () => {
    const [line] = await run('fit', [
      'meta-llama/Llama-3.1-8B-Instruct',
      '--config-json',
      fixture('llama-3.1-8b-instruct'),
      '--gpu-mem-gib',
      '24',
      '--max-model-len',
      '8192',
      '--json',
    ]);
    const json = JSON.parse(line);
    expect(Object.keys(json).slice(0, 6)).toEqual([
      'weights_gib',
      'kv_bytes_per_token',
      'kv_cache_tokens',
      'max_concurrency',
      'fits',
      'suggested_max_model_len',
    ]);
    expect(json.kv_bytes_per_token).toBe(131_072);
    expect(json.fits).toBe(true);
    expect(json.suggested_max_model_len).toBeNull();
  });

  it('says how far to shorten the context when it does not fit, and the verdict in words', async () => {
    const out = await run('fit', ['x', '--config-json', fixture('llama-3.1-8b-instruct'), '--gpu-mem-gib', '24']);
    expect(out.find((l) => l.startsWith('KV cache per token'))).toMatch(/131,072 bytes \(8 KV heads per GPU, TP 1\)/);
    expect(out.find((l) => l.startsWith('verdict'))).toMatch(/Use --max-model-len [\d,]+ or less/);
  });

  it('verdict changes with GPU count (--gpus) and KV dtype', async () => {
    const one = JSON.parse(
      (await run('fit', ['x', '--config-json', fixture('llama-3.1-70b-instruct'), '--gpu-mem-gib', '80', '--json']))[0],
    );
    const four = JSON.parse(
      (
        await run('fit', [
          'x',
          '--config-json',
          fixture('llama-3.1-70b-instruct'),
          '--gpu-mem-gib',
          '80',
          '--gpus',
          '4',
          '--json',
        ])
      )[0],
    );
    expect(one.fits).toBe(false);
    expect(one.kv_cache_tokens).toBe(0);
    expect(four.fits).toBe(true);
    const fp8 = JSON.parse(
      (
        await run('fit', [
          'x',
          '--config-json',
          fixture('llama-3.1-70b-instruct'),
          '--gpu-mem-gib',
          '80',
          '--gpus',
          '4',
          '--kv-cache-dtype',
          'fp8',
          '--json',
        ])
      )[0],
    );
    expect(fp8.kv_bytes_per_token).toBe(four.kv_bytes_per_token / 2);
  });

  it('uses the catalog offline for a known model, and the Hub (injected) for others', async () => {
    expect(
      JSON.parse((await run('fit', ['Qwen/Qwen3-0.6B', '--gpu-mem-gib', '24', '--json']))[0]).kv_bytes_per_token,
    ).toBe(114_688);
    await expect(
      run('fit', ['someone/unknown', '--gpu-mem-gib', '24'], undefined, {
        fetchConfig: async () => {
          throw new Error("Cannot reach huggingface.co for someone/unknown's config.json");
        },
      }),
    ).rejects.toThrow(/Cannot reach huggingface\.co/);
  });

  it("without --gpu-mem-gib, uses the host's GPUs from the running instance (the smallest one, all of them)", async () => {
    const gpu = (index: number, mib: number | null) => ({
      index,
      uuid: `GPU-${index}`,
      name: 'NVIDIA H100 80GB HBM3',
      memoryTotalMib: mib,
      memoryUsedMib: 0,
      utilizationPct: 0,
      temperatureC: 30,
      powerDrawW: 70,
    });
    const inventory = {
      hostId: 'local',
      available: true,
      driverVersion: '550',
      gpus: [gpu(0, 81_559), gpu(1, 81_559)],
      problem: null,
      unifiedMemory: false,
      at: '',
    };
    const withGpus = JSON.parse(
      (
        await run('fit', ['x', '--config-json', fixture('llama-3.1-70b-instruct'), '--json'], {
          call: (async () => inventory) as InstanceClient['call'],
        })
      )[0],
    );
    const byHand = JSON.parse(
      (
        await run('fit', [
          'x',
          '--config-json',
          fixture('llama-3.1-70b-instruct'),
          '--gpu-mem-gib',
          String(81_559 / 1024),
          '--gpus',
          '2',
          '--json',
        ])
      )[0],
    );
    expect(withGpus).toEqual(byHand);
    const none = {
      ...inventory,
      available: false,
      gpus: [],
      problem: 'Docker cannot give this container a GPU: the NVIDIA container toolkit is not set up on this host',
    };
    await expect(
      run('fit', ['x', '--config-json', fixture('qwen3-0.6b')], { call: (async () => none) as InstanceClient['call'] }),
    ).rejects.toThrow(/NVIDIA container toolkit is not set up on this host: pass --gpu-mem-gib/);
    const unified = { ...inventory, unifiedMemory: true, gpus: [gpu(0, null)] };
    await expect(
      run('fit', ['x', '--config-json', fixture('qwen3-0.6b')], {
        call: (async () => unified) as InstanceClient['call'],
      }),
    ).rejects.toThrow(/unified memory/);
  });

  it('refuses missing or bad flags as usage errors', async () => {
    await expect(run('fit', ['x', '--config-json', fixture('qwen3-0.6b')])).rejects.toMatchObject({
      code: 'ERR_PARSE_ARGS_USAGE',
      message: expect.stringMatching(
        /No GPU size given and none could be read from this host \(No running Switchyard found\): pass --gpu-mem-gib G/,
      ),
    });
    await expect(
      run('fit', [
        'x',
        '--config-json',
        fixture('qwen3-0.6b'),
        '--gpu-mem-gib',
        '24',
        '--gpu-memory-utilization',
        '1.5',
      ]),
    ).rejects.toThrow(/up to 1/);
    await expect(run('fit', ['x', '--config-json', '/nope.json', '--gpu-mem-gib', '24'])).rejects.toThrow(
      /Cannot read \/nope\.json/,
    );
  });
});

describe('switchyard deploy --dry-run', () => {
  it('prints the docker run line with the engine arguments after --, without any instance', async () => {
    const [line] = await run('deploy', [
      'Qwen/Qwen3-0.6B',
      '--name',
      'qwen',
      '--gpus',
      '0,1',
      '--port',
      '8123',
      '--dry-run',
      '--',
      '--max-model-len',
      '8192',
    ]);
    expect(line).toContain('--name switchyard-qwen');
    expect(line).toContain(`--gpus '"device=0,1"'`);
    expect(line).toContain('-p 127.0.0.1:8123:8000');
    expect(line.endsWith('vllm/vllm-openai:latest --model Qwen/Qwen3-0.6B --max-model-len 8192')).toBe(true);
  });

  it("uses a catalog model's recommended arguments and a name from the model id; --compose prints compose", async () => {
    const [line] = await run('deploy', ['meta-llama/Llama-3.1-8B-Instruct', '--port', '8124', '--dry-run']);
    expect(line).toContain('--name switchyard-llama-3.1-8b-instruct');
    expect(line).toContain('--tool-call-parser llama3_json');
    const [compose] = await run('deploy', ['Qwen/Qwen3-0.6B', '--port', '8125', '--dry-run', '--compose']);
    expect(compose).toMatch(/^services:\n {2}qwen3-0\.6b:/);
  });

  it('parses --gpus forms', () => {
    expect(parseGpus('all')).toEqual({ kind: 'all' });
    expect(parseGpus('none')).toEqual({ kind: 'none' });
    expect(parseGpus('0,2')).toEqual({ kind: 'indices', indices: [0, 2] });
    expect(parseGpus('GPU-aa,GPU-bb')).toEqual({ kind: 'uuids', uuids: ['GPU-aa', 'GPU-bb'] });
    expect(() => parseGpus('first')).toThrow(/--gpus must be/);
  });
});

describe('instance-backed commands', () => {
  const row = {
    id: '1',
    name: 'qwen',
    hostId: 'local',
    model: 'Qwen/Qwen3-0.6B',
    servedModelName: 'Qwen/Qwen3-0.6B',
    image: 'i',
    state: 'ready' as const,
    stateReason: null,
    port: 8001,
    createdAt: '',
  };
  const progress = (
    phase: DeploymentProgress['phase'],
    extra: Partial<DeploymentProgress> = {},
  ): DeploymentProgress => ({
    name: 'qwen',
    phase,
    fraction: null,
    detail: null,
    reason: null,
    evidence: null,
    restarts: 0,
    at: '',
    logged: {
      kvCacheTokens: null,
      maxConcurrency: null,
      availableKvGib: null,
      weightsGib: null,
      maxModelLen: null,
      suggestedMaxModelLen: null,
    },
    ...extra,
  });

  it('ps prints an aligned table', async () => {
    const out = await run('ps', [], {
      call: (async () => [
        row,
        { ...row, name: 'llama-big', state: 'failed', stateReason: 'CUDA out of memory', port: null },
      ]) as InstanceClient['call'],
    });
    expect(out[0]).toMatch(/^NAME {7}STATE {3}MODEL/);
    expect(out[2]).toMatch(/^llama-big {2}failed .*CUDA out of memory$/);
  });

  it('deploy follows progress to ready, printing each step once; a failure exits with its reason and evidence', async () => {
    const steps = [
      progress('pending'),
      progress('loading', { fraction: 0.5, detail: '1/2 checkpoint shards' }),
      progress('loading', { fraction: 0.5, detail: '1/2 checkpoint shards' }),
      progress('ready', { logged: { ...progress('ready').logged, kvCacheTokens: 65_536, maxConcurrency: 16 } }),
    ];
    const call = (async (name: string) =>
      name === 'deployments.create' ? row : steps.shift()) as InstanceClient['call'];
    const out = await run('deploy', ['Qwen/Qwen3-0.6B', '--name', 'qwen'], { call });
    expect(out).toEqual([
      'deploying qwen (Qwen/Qwen3-0.6B) on 127.0.0.1:8001',
      'pending',
      'loading 50% — 1/2 checkpoint shards',
      'ready',
      'vLLM: KV cache 65,536 tokens, max concurrency 16.00x',
    ]);

    const failing = (async (name: string) =>
      name === 'deployments.create'
        ? row
        : progress('failed', {
            reason: 'vLLM does not know the arguments --task generate',
            evidence: 'vllm serve: error: unrecognized arguments: --task generate',
          })) as InstanceClient['call'];
    await expect(
      run('deploy', ['Qwen/Qwen3-0.6B', '--name', 'qwen', '--', '--task', 'generate'], { call: failing }),
    ).rejects.toThrow(/qwen failed: vLLM does not know the arguments --task generate\n {2}log: vllm serve: error/);
  });

  it('needs a running instance for ps, and a NAME for stop', async () => {
    await expect(run('ps', [])).rejects.toThrow(/No running Switchyard/);
    await expect(run('stop', [], {})).rejects.toMatchObject({ code: 'ERR_PARSE_ARGS_USAGE' });
  });
});
