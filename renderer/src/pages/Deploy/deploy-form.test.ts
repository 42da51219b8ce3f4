import { describe, expect, it } from 'vitest';
import { DEFAULT_VLLM_IMAGE } from '../../../../shared/deployment-schemas';
import { ApiCallError } from '../../api/client';
import type { CatalogModel } from '../../lib/types';
import {
  agentsHint,
  DEFAULT_IMAGE,
  deployErrorsOf,
  emptyDeployForm,
  fieldOfPath,
  fitRequestOf,
  formForModel,
  liftArgs,
  nameFor,
  parseDeployForm,
  type DeployForm,
} from './deploy-form';
import type { FitGpu } from './fit-gpu';

const qwen: CatalogModel = {
  id: 'Qwen/Qwen3-0.6B',
  name: 'Qwen3 0.6B',
  task: 'chat',
  parametersB: 0.6,
  contextLength: 40960,
  gated: false,
  recommendedArgs: ['--reasoning-parser', 'qwen3', '--enable-auto-tool-choice'],
  config: {},
};
const form = (over: Partial<DeployForm> = {}): DeployForm => ({
  ...emptyDeployForm,
  model: 'Qwen/Qwen3-0.6B',
  name: 'qwen3-0.6b',
  ...over,
});
const gpu24: FitGpu = {
  memGib: 24,
  freeGib: null,
  name: null,
  count: 1,
  reference: true,
  label: 'a 24 GiB GPU (reference)',
};

describe('defaults', () => {
  it('uses the same default image as the core', () => {
    expect(DEFAULT_IMAGE).toBe(DEFAULT_VLLM_IMAGE);
    expect(emptyDeployForm.image).toBe(DEFAULT_VLLM_IMAGE);
  });
});

describe('nameFor', () => {
  it('makes a valid deployment name from the model id, unique among existing ones', () => {
    expect(nameFor('Qwen/Qwen3-0.6B', [])).toBe('qwen3-0.6b');
    expect(nameFor('Qwen/Qwen3-0.6B', ['qwen3-0.6b', 'qwen3-0.6b-2'])).toBe('qwen3-0.6b-3');
    expect(nameFor('org/__Weird Name!!', [])).toBe('weird-name-');
    expect(nameFor('x/' + 'a'.repeat(100), []).length).toBeLessThanOrEqual(63);
  });
});

describe('formForModel', () => {
  it('fills the model, a fresh name and the recommended arguments, and keeps the rest', () => {
    const next = formForModel(
      form({
        image: 'switchyard/vllm-sim:dev',
        maxModelLen: '2048',
        servedModelName: 'old',
        gpuMode: 'none',
        gpuMemoryUtilization: '0.8',
        kvCacheDtype: 'fp8',
      }),
      qwen,
      ['qwen3-0.6b'],
    );
    expect(next).toMatchObject({
      model: 'Qwen/Qwen3-0.6B',
      name: 'qwen3-0.6b-2',
      servedModelName: '',
      maxModelLen: '',
      extraArgs: '--reasoning-parser qwen3 --enable-auto-tool-choice',
      image: 'switchyard/vllm-sim:dev',
      gpuMode: 'none',
      gpuMemoryUtilization: '0.8',
      kvCacheDtype: 'fp8',
    });
  });
});

describe('liftArgs', () => {
  it('moves the flags the form has fields for into them, in either spelling, and keeps the rest in order', () => {
    expect(
      liftArgs([
        '--tensor-parallel-size',
        '8',
        '--enable-expert-parallel',
        '--max-model-len=32768',
        '--trust-remote-code',
        '--quantization',
      ]),
    ).toEqual({
      fields: { tensorParallelSize: '8', maxModelLen: '32768' },
      rest: ['--enable-expert-parallel', '--trust-remote-code', '--quantization'],
    });
  });

  it("fills a catalog model's recommended TP into its field, and keeps a KV dtype the select lacks as an extra argument", () => {
    const big = { ...qwen, recommendedArgs: ['--tensor-parallel-size', '8', '--kv-cache-dtype', 'fp8_inc'] };
    expect(formForModel(form({ tensorParallelSize: '2' }), big, [])).toMatchObject({
      tensorParallelSize: '8',
      kvCacheDtype: 'auto',
      extraArgs: '--kv-cache-dtype fp8_inc',
    });
    expect(formForModel(form(), { ...qwen, recommendedArgs: ['--kv-cache-dtype', 'fp8'] }, [])).toMatchObject({
      kvCacheDtype: 'fp8',
      extraArgs: '',
    });
    expect(formForModel(form({ tensorParallelSize: '2' }), qwen, [])).toMatchObject({ tensorParallelSize: '' });
  });
});

describe('parseDeployForm', () => {
  it('leaves out blank fields so vLLM keeps its defaults', () => {
    const { spec, errors } = parseDeployForm(form());
    expect(errors).toEqual({});
    expect(spec).toEqual({
      name: 'qwen3-0.6b',
      hostId: 'local',
      model: 'Qwen/Qwen3-0.6B',
      image: DEFAULT_IMAGE,
      gpus: { kind: 'all' },
      engineArgs: [],
    });
  });

  it('turns the fields into engine arguments, then the extra ones as typed', () => {
    const { spec, errors, numbers } = parseDeployForm(
      form({
        servedModelName: ' chat ',
        tensorParallelSize: '2',
        gpuMemoryUtilization: '0.85',
        maxModelLen: '8192',
        kvCacheDtype: 'fp8',
        maxNumSeqs: '64',
        quantization: 'awq',
        extraArgs: `--enable-prefix-caching --chat-template '/t/a b.jinja'`,
        gpuMode: 'indices',
        gpuIndices: [2, 0],
      }),
    );
    expect(errors).toEqual({});
    expect(numbers).toEqual({ tensorParallelSize: 2, gpuMemoryUtilization: 0.85, maxModelLen: 8192, maxNumSeqs: 64 });
    expect(spec.servedModelName).toBe('chat');
    expect(spec.gpus).toEqual({ kind: 'indices', indices: [0, 2] });
    expect(spec.engineArgs).toEqual([
      '--tensor-parallel-size',
      '2',
      '--gpu-memory-utilization',
      '0.85',
      '--max-model-len',
      '8192',
      '--max-num-seqs',
      '64',
      '--kv-cache-dtype',
      'fp8',
      '--quantization',
      'awq',
      '--enable-prefix-caching',
      '--chat-template',
      '/t/a b.jinja',
    ]);
  });

  it('says which number is wrong and why', () => {
    const { errors } = parseDeployForm(
      form({ tensorParallelSize: '1.5', gpuMemoryUtilization: '1.2', maxModelLen: 'lots', maxNumSeqs: '0' }),
    );
    expect(Object.keys(errors).sort()).toEqual([
      'gpuMemoryUtilization',
      'maxModelLen',
      'maxNumSeqs',
      'tensorParallelSize',
    ]);
    expect(errors.gpuMemoryUtilization).toMatch(/at most 1/);
  });

  it('refuses a flag typed again in the extra arguments, an open quote, no chosen GPU and a taken name', () => {
    expect(parseDeployForm(form({ maxModelLen: '4096', extraArgs: '--max-model-len=4096' })).errors.extraArgs).toMatch(
      /--max-model-len is also set by its own field/,
    );
    expect(parseDeployForm(form({ extraArgs: '--max-model-len=4096' })).errors).toEqual({});
    expect(parseDeployForm(form({ extraArgs: '--x "open' })).errors.extraArgs).toMatch(/quote is not closed/);
    expect(parseDeployForm(form({ gpuMode: 'indices', gpuIndices: [] })).errors.gpus).toMatch(/at least one GPU/);
    expect(parseDeployForm(form(), ['qwen3-0.6b']).errors.name).toMatch(/already exists/);
  });
});

describe('fitRequestOf', () => {
  it("asks for the model on the chosen GPU with vLLM's TP default of 1", () => {
    const f = form({ maxModelLen: '4096', kvCacheDtype: 'fp8' });
    expect(
      fitRequestOf(f, parseDeployForm(f), { ...gpu24, reference: false, count: 2, freeGib: 20, name: 'NVIDIA L4' }),
    ).toEqual({
      model: 'Qwen/Qwen3-0.6B',
      gpuMemGib: 24,
      gpuFreeGib: 20,
      gpuName: 'NVIDIA L4',
      gpus: 2,
      tensorParallelSize: 1,
      maxModelLen: 4096,
      kvCacheDtype: 'fp8',
    });
  });

  it('counts at least as many GPUs as the tensor parallel size', () => {
    const f = form({ tensorParallelSize: '4' });
    expect(fitRequestOf(f, parseDeployForm(f), gpu24)).toMatchObject({ gpus: 4, tensorParallelSize: 4 });
  });

  it('asks nothing without a model or while a number is wrong, but a bad name does not matter', () => {
    expect(fitRequestOf(form({ model: ' ' }), parseDeployForm(form({ model: ' ' })), gpu24)).toBeNull();
    const bad = form({ maxModelLen: 'x' });
    expect(fitRequestOf(bad, parseDeployForm(bad), gpu24)).toBeNull();
    const badName = form({ name: 'Bad Name' });
    expect(fitRequestOf(badName, parseDeployForm(badName, ['Bad Name']), gpu24)).not.toBeNull();
  });
});

describe('API errors', () => {
  it("maps spec paths onto the form's fields", () => {
    expect(fieldOfPath('spec.name')).toBe('name');
    expect(fieldOfPath('spec.engineArgs.3')).toBe('extraArgs');
    expect(fieldOfPath('spec.gpus.indices')).toBe('gpus');
    expect(fieldOfPath('spec.env.X')).toBeNull();
    expect(fieldOfPath('name')).toBeNull();
  });

  it('puts each field error beside its field and the rest in the message', () => {
    const err = new ApiCallError({
      code: 'invalid_input',
      message: 'bad',
      fields: [
        { path: 'spec.name', message: 'lower-case letters' },
        { path: 'spec.image', message: 'required' },
        { path: 'spec.shmSizeGib', message: 'too big' },
      ],
    });
    expect(deployErrorsOf(err)).toEqual({
      fields: { name: 'lower-case letters', image: 'required' },
      message: 'spec.shmSizeGib: too big',
    });
  });

  it('gives a name conflict to the name field, and anything else to the message', () => {
    const conflict = new ApiCallError({
      code: 'conflict',
      message: 'A deployment named "a" already exists: choose another name or remove it first.',
    });
    expect(deployErrorsOf(conflict).fields.name).toMatch(/already exists/);
    expect(deployErrorsOf(new ApiCallError({ code: 'unavailable', message: 'Docker is down' }))).toEqual({
      fields: {},
      message: 'Docker is down',
    });
  });
});

describe('on demand', () => {
  const base = { ...emptyDeployForm, model: 'Qwen/Qwen3-0.6B', name: 'qwen' };
  it('is off when the idle minutes are empty', () => {
    expect(parseDeployForm(base).spec).not.toHaveProperty('onDemand');
  });
  it('turns minutes into an on-demand spec with idleTtlS in seconds', () => {
    const { spec, errors } = parseDeployForm({ ...base, idleMinutes: '15' });
    expect(errors).toEqual({});
    expect(spec).toMatchObject({ onDemand: true, idleTtlS: 900 });
  });
  it('refuses a bad value next to its field, and maps the API path back to it', () => {
    expect(parseDeployForm({ ...base, idleMinutes: '0.5' }).errors.idleMinutes).toMatch(/Whole minutes/);
    expect(fieldOfPath('spec.idleTtlS')).toBe('idleMinutes');
  });
});

describe('for agents (tools)', () => {
  const agentQwen: CatalogModel = { ...qwen, toolCallParser: 'hermes', reasoningParser: 'qwen3' };
  const gemma: CatalogModel = { ...qwen, id: 'google/gemma-2-9b-it', name: 'Gemma 2 9B', recommendedArgs: [] };

  it('asks the API for a spec deployed for agents only when switched on', () => {
    expect(parseDeployForm(form()).spec).not.toHaveProperty('forAgents');
    expect(parseDeployForm(form({ forAgents: true })).spec).toMatchObject({ forAgents: true });
  });

  it('stays on for a model with a tool-call format and turns off for one without', () => {
    expect(formForModel(form({ forAgents: true }), agentQwen, []).forAgents).toBe(true);
    expect(formForModel(form({ forAgents: true }), gemma, []).forAgents).toBe(false);
    expect(formForModel(form(), agentQwen, []).forAgents).toBe(false);
  });

  it('says what it adds, or why the model cannot serve agents, and takes the API parser errors', () => {
    expect(agentsHint(agentQwen)).toBe(
      'Adds --enable-auto-tool-choice --tool-call-parser hermes --reasoning-parser qwen3.',
    );
    expect(agentsHint(gemma)).toMatch(/no tool-call format vLLM can parse/);
    expect(agentsHint(null)).toMatch(/tool-call parser of the model family/);
    expect(fieldOfPath('spec.toolCallParser')).toBe('forAgents');
  });
});
