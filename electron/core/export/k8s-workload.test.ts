import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { engineCommand } from '../docker/plan';
import { DeploymentSpec } from '../../../shared/deployment-schemas';
import { kubernetesManifests, ENGINE_PROBES, secretCommands } from './k8s-manifests';
import { engineArgValue, gpuCountOf, kubernetesWorkloadOf, objectNameOf, secretsNeeded } from './k8s-workload';

const spec = (over: Partial<Parameters<typeof DeploymentSpec.parse>[0]> = {}) =>
  DeploymentSpec.parse({ name: 'qwen', model: 'Qwen/Qwen3-0.6B', ...over });

describe('objectNameOf', () => {
  it('makes DNS-1035 labels of any deployment name, distinct for distinct long names', () => {
    expect(objectNameOf('switchyard-', 'qwen3_0.6b')).toBe('switchyard-qwen3-0-6b');
    expect(objectNameOf('', '7b-model')).toBe('d-7b-model');
    const deploymentName = fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,62}$/);
    fc.assert(
      fc.property(deploymentName, (name) => {
        const out = objectNameOf('switchyard-', name);
        expect(out).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
        expect(out.length).toBeLessThanOrEqual(63);
      }),
    );
    const a = objectNameOf('switchyard-', `${'a'.repeat(60)}-one`);
    const b = objectNameOf('switchyard-', `${'a'.repeat(60)}-two`);
    expect(a).not.toBe(b);
  });
});

describe('gpuCountOf', () => {
  it('asks for tensor × pipeline × data parallel GPUs, or the GPUs the spec names, or none', () => {
    expect(gpuCountOf(spec()).gpus).toBe(1);
    expect(gpuCountOf(spec({ engineArgs: ['--tensor-parallel-size', '4'] }))).toEqual({
      gpus: 4,
      tensorParallelSize: 4,
    });
    expect(gpuCountOf(spec({ engineArgs: ['-tp=2', '--pipeline-parallel-size', '2'] })).gpus).toBe(4);
    expect(gpuCountOf(spec({ engineArgs: ['--data-parallel-size', '2', '-tp', '2'] })).gpus).toBe(4);
    expect(gpuCountOf(spec({ gpus: { kind: 'indices', indices: [0, 1, 2] } })).gpus).toBe(3);
    expect(gpuCountOf(spec({ gpus: { kind: 'uuids', uuids: ['GPU-1a', 'GPU-2b'] } })).gpus).toBe(2);
    expect(gpuCountOf(spec({ gpus: { kind: 'none' }, engineArgs: ['-tp', '2'] })).gpus).toBe(0);
    // A size vLLM would refuse is not guessed at: one GPU is asked, and vLLM says why it stops.
    expect(gpuCountOf(spec({ engineArgs: ['--tensor-parallel-size', 'two'] })).gpus).toBe(1);
  });

  it('reads flags as vLLM does: separate value or =value', () => {
    expect(engineArgValue(['--max-model-len', '8192'], '--max-model-len')).toBe('8192');
    expect(engineArgValue(['--max-model-len=4096'], '--max-model-len')).toBe('4096');
    expect(engineArgValue(['--max-model-lenx', '1'], '--max-model-len')).toBeUndefined();
  });
});

describe('kubernetesWorkloadOf', () => {
  it('carries the Docker plan command unchanged and keeps secret values out of everything it writes', () => {
    const s = spec({
      engineArgs: ['--max-model-len', '8192'],
      env: { API_TOKEN: 'shh', LOG: 'debug' },
      forAgents: true,
    });
    const w = kubernetesWorkloadOf(s, { hfTokenConfigured: true });
    expect(w.args).toEqual(engineCommand(s));
    expect(w.env).toEqual([
      { name: 'API_TOKEN', secret: 'switchyard-qwen-env', key: 'API_TOKEN', optional: false },
      { name: 'LOG', value: 'debug' },
      { name: 'HF_TOKEN', secret: 'switchyard-hf-token', key: 'HF_TOKEN', optional: false },
      { name: 'VLLM_API_KEY', secret: 'switchyard-engine-keys', key: 'qwen', optional: false },
    ]);
    expect(w.specJson).not.toContain('shh');
    expect(JSON.stringify(kubernetesManifests([w], { hfCacheStorage: '1Gi' }))).not.toContain('shh');
    expect(kubernetesWorkloadOf(s).env.find((e) => e.name === 'HF_TOKEN')).toMatchObject({ optional: true });
  });

  it('lists each Secret once with all its keys, and the commands that create them', () => {
    const ws = [kubernetesWorkloadOf(spec()), kubernetesWorkloadOf(spec({ name: 'other' }))];
    expect([...(secretsNeeded(ws).get('switchyard-engine-keys') ?? [])]).toEqual(['qwen', 'other']);
    const lines = secretCommands(ws, { hfCacheStorage: '1Gi', namespace: 'llm' });
    expect(lines).toContain(
      'kubectl create secret generic switchyard-engine-keys -n llm --from-literal=qwen=… --from-literal=other=…',
    );
  });
});

describe('kubernetesManifests', () => {
  it('shares one PVC between deployments that share a cache volume, and gives a bind-mounted cache its own', () => {
    const objects = kubernetesManifests(
      [
        kubernetesWorkloadOf(spec()),
        kubernetesWorkloadOf(spec({ name: 'b' })),
        kubernetesWorkloadOf(spec({ name: 'c', hfCache: { kind: 'bind', path: '/data/hf' } })),
      ],
      { hfCacheStorage: '200Gi', storageClassName: 'fast' },
    ) as Array<Record<string, any>>;
    const claims = objects.filter((o) => o.kind === 'PersistentVolumeClaim');
    expect(claims.map((c) => [c.metadata.name, c.spec.accessModes[0], c.spec.storageClassName])).toEqual([
      ['switchyard-hf-cache', 'ReadWriteMany', 'fast'],
      ['switchyard-c-hf-cache', 'ReadWriteOnce', 'fast'],
    ]);
    expect(objects.some((o) => o.metadata.name === 'switchyard-gateway')).toBe(false);
  });

  it('gives model loading its 30 minutes before liveness counts, and no GPU limit without GPUs', () => {
    const { periodSeconds, failureThreshold } = ENGINE_PROBES.startupProbe;
    expect(periodSeconds * failureThreshold).toBe(1800);
    const [, deployment] = kubernetesManifests([kubernetesWorkloadOf(spec({ gpus: { kind: 'none' } }))], {
      hfCacheStorage: '1Gi',
    }) as Array<Record<string, any>>;
    const pod = deployment.spec.template.spec;
    expect(pod.containers[0].resources).toEqual({});
    expect(pod.tolerations).toBeUndefined();
    expect(pod.volumes[1]).toEqual({ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '16Gi' } });
  });
});
