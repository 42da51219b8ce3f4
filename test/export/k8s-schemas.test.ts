// The Kubernetes hand-off validated offline: `export --format k8s` for a two-GPU tensor-parallel
// deployment (and the gateway) against the Kubernetes API schemas shipped with kubernetes-models,
// and `--format production-stack` against the production-stack chart's values schema (fixture).
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { defaultGatewayImage, kubernetesManifests, renderManifests } from '../../electron/core/export/k8s-manifests';
import { kubernetesWorkloadOf } from '../../electron/core/export/k8s-workload';
import { productionStackValues, renderProductionStackValues } from '../../electron/core/export/production-stack';

const twoGpuTp = kubernetesWorkloadOf(
  {
    name: 'llama-70b',
    model: 'meta-llama/Llama-3.3-70B-Instruct',
    servedModelName: 'llama',
    gpus: { kind: 'indices', indices: [0, 1] },
    engineArgs: ['--tensor-parallel-size', '2', '--max-model-len', '32768', '--gpu-memory-utilization=0.92'],
    env: { VLLM_LOGGING_LEVEL: 'INFO', WANDB_API_KEY: 'not-exported' },
    forAgents: true,
    toolCallParser: 'llama3_json',
  },
  { hfTokenConfigured: true },
);
const small = kubernetesWorkloadOf({ name: 'qwen3_0.6b', model: 'Qwen/Qwen3-0.6B', gpus: { kind: 'all' } });
const options = {
  namespace: 'llm',
  hfCacheStorage: '500Gi',
  gateway: { replicas: 3, image: defaultGatewayImage(), adminUrl: 'http://switchyard.llm.svc:4141', port: 4000 },
};

const MODELS = { Deployment, Service, PersistentVolumeClaim } as const;

function validateObject(object: Record<string, unknown>) {
  const Model = MODELS[object.kind as keyof typeof MODELS];
  if (!Model) throw new Error(`no schema for ${object.kind}`);
  // Each model's constructor takes its own object type; the validator is what decides here.
  new Model(object as any).validate();
}

describe('export --format k8s against the Kubernetes API schemas', () => {
  it('every object of a two-GPU tensor-parallel deployment, a second one and the gateway validates', () => {
    const yaml = renderManifests([twoGpuTp, small], options);
    const objects = parseAllDocuments(yaml).map((d) => d.toJS());
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'PersistentVolumeClaim/switchyard-hf-cache',
      'Deployment/switchyard-llama-70b',
      'Service/switchyard-llama-70b',
      'Deployment/switchyard-qwen3-0-6b',
      'Service/switchyard-qwen3-0-6b',
      'Deployment/switchyard-redis',
      'Service/switchyard-redis',
      'Deployment/switchyard-gateway',
      'Service/switchyard-gateway',
    ]);
    for (const object of objects)
      expect(() => validateObject(object), `${object.kind}/${object.metadata.name}`).not.toThrow();

    const engine = objects[1].spec.template.spec.containers[0];
    expect(engine.resources.limits['nvidia.com/gpu']).toBe(2);
    expect(engine.args).toEqual(
      expect.arrayContaining(['--tensor-parallel-size', '2', '--tool-call-parser', 'llama3_json']),
    );
    expect(objects[0].spec.accessModes).toEqual(['ReadWriteMany']);
    expect(objects[7].spec.replicas).toBe(3);
    expect(yaml).not.toContain('not-exported');
  });

  it('the validator is live: a wrong type or a missing field in an exported object is refused', () => {
    const [, deployment, service] = kubernetesManifests([twoGpuTp], options) as Array<Record<string, any>>;
    const badReplicas = structuredClone(deployment);
    badReplicas.spec.replicas = 'two';
    expect(() => validateObject(badReplicas)).toThrow(/replicas/);
    const noSelector = structuredClone(deployment);
    delete noSelector.spec.selector;
    expect(() => validateObject(noSelector)).toThrow(/selector/);
    const badPort = structuredClone(service);
    badPort.spec.ports[0].port = 'http';
    expect(() => validateObject(badPort)).toThrow(/port/);
  });
});

describe('export --format production-stack against the chart values schema', () => {
  const schema = JSON.parse(
    readFileSync(new URL('./fixtures/production-stack-values.schema.json', import.meta.url), 'utf8'),
  );
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
  const psOptions = {
    routerReplicas: 2,
    requestCpu: 8,
    requestMemory: '64Gi',
    pvcStorage: '500Gi',
    hfTokenConfigured: true,
  };

  it('the values of a two-GPU tensor-parallel deployment validate, with its arguments in the chart fields', () => {
    const text = renderProductionStackValues([twoGpuTp, small], psOptions);
    const values = parseAllDocuments(text)[0].toJS();
    const ok = validate(values);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
    const [spec] = values.servingEngineSpec.modelSpec;
    expect(spec).toMatchObject({
      repository: 'vllm/vllm-openai',
      tag: 'latest',
      requestGPU: 2,
      modelURL: twoGpuTp.model,
    });
    expect(spec.vllmConfig).toMatchObject({ tensorParallelSize: 2, maxModelLen: 32768, gpuMemoryUtilization: 0.92 });
    expect(spec.vllmConfig.extraArgs).toEqual(expect.arrayContaining(['--served-model-name', 'llama']));
    expect(text).not.toContain('not-exported');
  });

  it('the schema is live: a misspelt key, a wrong type and a missing required field are refused', () => {
    const values = productionStackValues([twoGpuTp], psOptions) as Record<string, any>;
    const misspelt = structuredClone(values);
    misspelt.servingEngineSpec.modelSpec[0].requestGPUs = 2;
    expect(validate(misspelt)).toBe(false);
    const wrongType = structuredClone(values);
    wrongType.servingEngineSpec.modelSpec[0].requestGPU = '2';
    expect(validate(wrongType)).toBe(false);
    const missing = structuredClone(values);
    delete missing.servingEngineSpec.modelSpec[0].modelURL;
    expect(validate(missing)).toBe(false);
  });
});
