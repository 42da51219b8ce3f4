// Schemas of click-to-deploy: the fit estimate, the deployment spec and its Docker plan, GPUs,
// and the lifecycle progress the UI shows. Re-exported from ./schemas. Units are in the names.
import { z } from 'zod';

const Port = z.number().int().min(1).max(65535);

export const KvCacheDtype = z.enum(['auto', 'fp8', 'fp8_e4m3', 'fp8_e5m2']);

/** What `switchyard fit` and the Deploy page's fit meter ask. Absent values take vLLM's defaults. */
export const FitRequest = z
  .object({
    /** A catalog model id (e.g. Qwen/Qwen3-0.6B); its config fields are used unless `config` is given. */
    model: z.string().min(1).optional(),
    /** The model's config.json, decoded. */
    config: z.record(z.string(), z.unknown()).optional(),
    /** The checkpoint's weight size; estimated from the config when absent. */
    weightsGib: z.number().positive().optional(),
    /** Memory of one GPU (the smallest, when they differ). */
    gpuMemGib: z.number().positive(),
    /** Free memory on that GPU now, when known (nvidia-smi); vLLM refuses to start below utilization × total. */
    gpuFreeGib: z.number().nonnegative().optional(),
    gpuName: z.string().optional(),
    gpus: z.number().int().min(1).default(1),
    /** Defaults to the GPU count. */
    tensorParallelSize: z.number().int().min(1).optional(),
    pipelineParallelSize: z.number().int().min(1).default(1),
    gpuMemoryUtilization: z.number().gt(0).max(1).default(0.9),
    /** Defaults to the length vLLM derives from the config. */
    maxModelLen: z.number().int().positive().optional(),
    kvCacheDtype: KvCacheDtype.default('auto'),
    maxNumBatchedTokens: z.number().int().positive().optional(),
    maxNumSeqs: z.number().int().positive().optional(),
    blockSize: z.number().int().positive().optional(),
    enforceEager: z.boolean().default(false),
    /** VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS=1: vLLM then takes CUDA graphs out of the KV pool too. */
    estimateCudaGraphs: z.boolean().default(false),
    /** Speculative decoding with a draft model (--speculative-config '{"model": …}'): the draft's config.json. */
    draftConfig: z.record(z.string(), z.unknown()).optional(),
    /** The draft checkpoint's weight size; estimated from its config when absent. */
    draftWeightsGib: z.number().positive().optional(),
  })
  .strict();
export type FitRequest = z.input<typeof FitRequest>;
export type FitParams = z.output<typeof FitRequest>;

export const FitVerdict = z.enum(['fits', 'fits-with-smaller-context', 'does-not-fit']);

export const FitEstimate = z.object({
  /** Weights held by each GPU. */
  weightsGib: z.number(),
  /** KV-cache bytes one token costs on one GPU (the model's whole figure at TP 1). */
  kvBytesPerToken: z.number().int(),
  /** What vLLM will log as "GPU KV cache size: N tokens". */
  kvCacheTokens: z.number().int(),
  /** What vLLM will log as "Maximum concurrency for L tokens per request". */
  maxConcurrency: z.number(),
  fits: z.boolean(),
  /** The longest context that fits, when the requested one does not (vLLM's own estimate). */
  suggestedMaxModelLen: z.number().int().nullable(),
  verdict: FitVerdict,
  /** One or two sentences a person can act on. */
  verdictText: z.string(),
  maxModelLen: z.number().int(),
  breakdown: z.object({
    totalGib: z.number(),
    requestedGib: z.number(),
    weightsGib: z.number(),
    activationGib: z.number(),
    nonTorchGib: z.number(),
    cudaGraphGib: z.number(),
    cudaGraphSubtracted: z.boolean(),
    availableKvGib: z.number(),
    numGpuBlocks: z.number().int(),
    blockSize: z.number().int(),
    tensorParallel: z.number().int(),
    pipelineParallel: z.number().int(),
    kvHeadsPerGpu: z.number().int(),
    maxNumBatchedTokens: z.number().int(),
    maxNumSeqs: z.number().int(),
    kvCacheGroups: z.number().int(),
    weightsEstimated: z.boolean(),
  }),
  /** What the estimate approximates or could not model. */
  notes: z.array(z.string()),
});
export type FitEstimate = z.infer<typeof FitEstimate>;

/** Which GPUs a deployment gets: Docker's `--gpus all`, `--gpus '"device=0,2"'` (indices or UUIDs), or none. */
export const GpuSelection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('indices'), indices: z.array(z.number().int().min(0)).min(1) }),
  z.object({
    kind: z.literal('uuids'),
    uuids: z.array(z.string().regex(/^(GPU|MIG)-[0-9a-fA-F-]+/, 'a GPU UUID such as GPU-5f3c…')).min(1),
  }),
]);
export type GpuSelection = z.infer<typeof GpuSelection>;

export const RestartPolicyName = z.enum(['no', 'on-failure', 'unless-stopped', 'always']);

export const DEFAULT_VLLM_IMAGE = 'vllm/vllm-openai:latest';

/** The desired state of one engine: what the user chose on the Deploy page or with `switchyard deploy`. */
export const DeploymentSpec = z
  .object({
    name: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9_.-]{0,62}$/,
        'lower-case letters, digits, ".", "_" or "-" (at most 63), starting with a letter or digit',
      ),
    hostId: z.string().min(1).default('local'),
    /** Hugging Face model id or a path inside the container. */
    model: z.string().min(1),
    /** Defaults to the model id, as vLLM does. */
    servedModelName: z.string().min(1).optional(),
    image: z.string().min(1).default(DEFAULT_VLLM_IMAGE),
    gpus: GpuSelection.default({ kind: 'all' }),
    /** Host port on 127.0.0.1; a free one is chosen at deploy time when absent. */
    hostPort: Port.optional(),
    /** vLLM engine arguments after --model, e.g. ["--max-model-len", "8192"]. */
    engineArgs: z.array(z.string()).default([]),
    /**
     * For agents (tool calls): vLLM gets --enable-auto-tool-choice with the model's
     * --tool-call-parser (and --reasoning-parser for a thinking model), from the catalog unless
     * given here; without them an agent's first request is refused.
     */
    forAgents: z.boolean().default(false),
    toolCallParser: z
      .string()
      .regex(/^[\w-]+$/, 'a vLLM tool-call parser name such as hermes')
      .optional(),
    reasoningParser: z
      .string()
      .regex(/^[\w-]+$/, 'a vLLM reasoning parser name such as qwen3')
      .optional(),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
    /** host (vLLM's recommendation for tensor parallel shared memory) or private with shmSizeGib. */
    ipc: z.enum(['host', 'private']).default('host'),
    shmSizeGib: z.number().positive().max(1024).default(16),
    restartPolicy: RestartPolicyName.default('on-failure'),
    /** For on-failure: how many crashes Docker restarts before giving up. */
    maxRestarts: z.number().int().min(0).max(100).default(5),
    /** Named volume (shared by deployments, so weights download once) or a host folder for the HF cache. */
    hfCache: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('volume'), name: z.string().min(1) }),
        z.object({ kind: z.literal('bind'), path: z.string().min(1) }),
      ])
      .default({ kind: 'volume', name: 'switchyard-hf-cache' }),
    /** Started when a request for it arrives, stopped after `idleTtlS` seconds without requests. */
    onDemand: z.boolean().default(false),
    idleTtlS: z
      .number()
      .int()
      .min(1)
      .max(7 * 86_400)
      .default(900),
    /** GPU memory the engine holds while running (vLLM reserves utilization × GPU memory), GiB: the host's VRAM budget counts it. */
    vramGib: z.number().positive().max(100_000).optional(),
    /** The cloud model its tokens are compared with, at list price (resources/pricing): `openai/gpt-4o-mini`, or a bare model name. */
    cloudEquivalent: z.string().min(1).max(200).optional(),
  })
  .strict();
export type DeploymentSpecInput = z.input<typeof DeploymentSpec>;
export type DeploymentSpec = z.output<typeof DeploymentSpec>;

/** One GPU as nvidia-smi reports it; null where it printed [N/A] or [Not Supported]. */
export const Gpu = z.object({
  index: z.number().int(),
  uuid: z.string(),
  name: z.string(),
  memoryTotalMib: z.number().nullable(),
  memoryUsedMib: z.number().nullable(),
  utilizationPct: z.number().nullable(),
  temperatureC: z.number().nullable(),
  powerDrawW: z.number().nullable(),
});
export type Gpu = z.infer<typeof Gpu>;

export const GpuInventory = z.object({
  hostId: z.string(),
  /** false: no NVIDIA runtime/toolkit on this host (with `problem` saying so and what to do). */
  available: z.boolean(),
  driverVersion: z.string().nullable(),
  gpus: z.array(Gpu),
  problem: z.string().nullable(),
  /** Unified-memory boxes (GH200, GB10) report no dedicated memory: the fit must use system memory. */
  unifiedMemory: z.boolean(),
  at: z.string(),
});
export type GpuInventory = z.infer<typeof GpuInventory>;

export const LifecyclePhase = z.enum([
  'pending',
  'pulling',
  'creating',
  'starting',
  'downloading',
  'loading',
  'compiling',
  'ready',
  /** Running with vLLM's sleep mode engaged (on demand): weights offloaded, woken by the next request. */
  'asleep',
  'stopped',
  'failed',
  /** Its host's engine stopped answering (docker/host-health.ts); reconciled when the host is back. */
  'unreachable',
]);
export type LifecyclePhase = z.infer<typeof LifecyclePhase>;

/** Where a deployment is in its start, with what the engine itself has said so far. */
export const DeploymentProgress = z.object({
  name: z.string(),
  phase: LifecyclePhase,
  /** 0–1 within the phase (pull bytes, checkpoint shards, CUDA graphs), null when unknown. */
  fraction: z.number().min(0).max(1).nullable(),
  /** e.g. "3/5 shards", "1.2 of 8.4 GB". */
  detail: z.string().nullable(),
  /** Plain-language reason when failed, and the log line that proves it. */
  reason: z.string().nullable(),
  evidence: z.string().nullable(),
  /** vLLM's own figures, once logged, to put beside the fit estimate. */
  logged: z.object({
    kvCacheTokens: z.number().int().nullable(),
    maxConcurrency: z.number().nullable(),
    availableKvGib: z.number().nullable(),
    weightsGib: z.number().nullable(),
    maxModelLen: z.number().int().nullable(),
    suggestedMaxModelLen: z.number().int().nullable(),
  }),
  restarts: z.number().int(),
  at: z.string(),
});
export type DeploymentProgress = z.infer<typeof DeploymentProgress>;

export const CatalogTask = z.enum(['chat', 'code', 'embed', 'rerank']);

/** One model of resources/catalog/models.json. */
export const CatalogModel = z
  .object({
    /** Hugging Face repo id, also what is passed to --model. */
    id: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
    name: z.string().min(1),
    task: CatalogTask,
    /** Parameters in billions, as the model card states them. */
    parametersB: z.number().positive(),
    activeParametersB: z.number().positive().optional(),
    contextLength: z.number().int().positive(),
    /** Gated on the Hub: a token of an account that accepted the licence is needed (HF_TOKEN). */
    gated: z.boolean(),
    recommendedArgs: z.array(z.string()),
    /** vLLM's --tool-call-parser for the format this model writes tool calls in. */
    toolCallParser: z.string().min(1).optional(),
    /** vLLM's --reasoning-parser for a model that thinks before it answers. */
    reasoningParser: z.string().min(1).optional(),
    /** When tool calls need a chat template other than the model's own, what to pass. */
    chatTemplateNote: z.string().optional(),
    /** The config.json fields the fit estimate reads. */
    config: z.record(z.string(), z.unknown()),
    notes: z.string().optional(),
  })
  .strict();
export type CatalogModel = z.infer<typeof CatalogModel>;

/** What `deploy --dry-run` and the Deploy page show before anything is created. */
export const DeploymentPlanView = z.object({
  name: z.string(),
  hostPort: Port,
  baseUrl: z.string(),
  servedModelName: z.string(),
  dockerRun: z.string(),
  compose: z.string(),
  /** The exact dockerode create options (secrets redacted). */
  createOptions: z.record(z.string(), z.unknown()),
});
export type DeploymentPlanView = z.infer<typeof DeploymentPlanView>;

export const OrphanContainer = z.object({
  hostId: z.string(),
  deployment: z.string(),
  containerId: z.string(),
  image: z.string(),
  state: z.string(),
  /** The container carries its spec label, so it can be adopted as a deployment. */
  adoptable: z.boolean(),
});
export type OrphanContainer = z.infer<typeof OrphanContainer>;

/** What reconciling SQLite with Docker found. */
export const ReconcileReport = z.object({
  /** Deployments whose container was found (and is being watched when running). */
  linked: z.array(z.string()),
  /** Deployments whose container is gone. */
  missing: z.array(z.string()),
  /** switchyard.* containers no deployment row claims. */
  orphans: z.array(OrphanContainer),
  unreachableHosts: z.array(z.object({ hostId: z.string(), problem: z.string() })),
});
export type ReconcileReport = z.infer<typeof ReconcileReport>;
