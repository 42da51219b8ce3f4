import { describe, expect, it } from 'vitest';
import { kubernetesWorkloadOf } from './k8s-workload';
import { modelSpecOf, splitImage, vllmConfigOf } from './production-stack';

const opts = { routerReplicas: 1, requestCpu: 4, requestMemory: '16Gi', pvcStorage: '50Gi', hfTokenConfigured: false };

describe('splitImage', () => {
  it('splits repository and tag, registry ports and digests included', () => {
    expect(splitImage('vllm/vllm-openai:v0.11.0')).toEqual({ repository: 'vllm/vllm-openai', tag: 'v0.11.0' });
    expect(splitImage('vllm/vllm-openai')).toEqual({ repository: 'vllm/vllm-openai', tag: 'latest' });
    expect(splitImage('registry.lan:5000/vllm')).toEqual({ repository: 'registry.lan:5000/vllm', tag: 'latest' });
    expect(splitImage('registry.lan:5000/vllm:dev')).toEqual({ repository: 'registry.lan:5000/vllm', tag: 'dev' });
    expect(splitImage('vllm@sha256:abc')).toEqual({ repository: 'vllm', tag: 'sha256:abc' });
  });
});

describe('vllmConfigOf', () => {
  it('moves the flags the chart has fields for, typed, and passes every other argument through in order', () => {
    expect(
      vllmConfigOf([
        '--model',
        'm',
        '--max-model-len=8192',
        '--enable-prefix-caching',
        '--gpu-memory-utilization',
        '0.85',
        '--served-model-name',
        'chat',
        '-tp',
        '2',
        '--trust-remote-code',
      ]),
    ).toEqual({
      maxModelLen: 8192,
      enablePrefixCaching: true,
      gpuMemoryUtilization: 0.85,
      tensorParallelSize: 2,
      extraArgs: ['--served-model-name', 'chat', '--trust-remote-code'],
    });
  });

  it('keeps a value the typed field cannot hold as an argument, so vLLM still sees (and judges) it', () => {
    expect(vllmConfigOf(['--max-model-len', '32k', '--max-num-seqs=1.5'])).toEqual({
      extraArgs: ['--max-model-len', '32k', '--max-num-seqs=1.5'],
    });
    expect(vllmConfigOf(['--model', 'm'])).toEqual({});
  });
});

describe('modelSpecOf', () => {
  it('refers to Secrets for tokens and never writes their values', () => {
    const w = kubernetesWorkloadOf({ name: 'q', model: 'Qwen/Qwen3-0.6B', env: { MY_SECRET: 'v1', LOG: 'x' } });
    const spec = modelSpecOf(w, { ...opts, hfTokenConfigured: true });
    expect(spec).toMatchObject({
      name: 'q',
      requestGPU: 1,
      hf_token: { secretName: 'switchyard-hf-token', secretKey: 'HF_TOKEN' },
      env: [{ name: 'LOG', value: 'x' }],
      envFromSecret: { name: 'switchyard-q-env' },
    });
    expect(JSON.stringify(spec)).not.toContain('v1');
    expect(modelSpecOf(w, opts)).not.toHaveProperty('hf_token');
  });
});
