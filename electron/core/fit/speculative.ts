// Speculative decoding with a draft model: vLLM loads the draft beside the target and gives the
// draft's attention layers their own KV pages in the same block pool, so each token costs the
// target's KV plus the draft's. Modelled by adding the draft's layers to the target's shape —
// as layers of the target's own size, as many as carry the same bytes per token — and its
// weights to the weight estimate.
import type { FitParams } from '../../../shared/deployment-schemas';
import { kvLayoutOf } from './kv-cache';
import type { ModelShape } from './model-shape';
import { estimateWeightBytes } from './weights';

type Options = Omit<FitParams, 'model' | 'config' | 'draftConfig' | 'draftWeightsGib'>;

const perTokenPerLayer = (shape: ModelShape, o: Options) => {
  const layout = kvLayoutOf(shape, {
    tensorParallel: o.tensorParallelSize ?? Math.max(1, Math.floor(o.gpus / o.pipelineParallelSize)),
    kvCacheDtype: o.kvCacheDtype,
    blockSize: o.blockSize,
  });
  return layout.pageBytes / layout.blockSize;
};

/** The weights of target and draft together, GiB (each given, or estimated from its config). */
export function combinedWeightsGib(
  target: ModelShape,
  draft: ModelShape,
  targetGib: number | undefined,
  draftGib: number | undefined,
): number {
  return (targetGib ?? estimateWeightBytes(target) / 2 ** 30) + (draftGib ?? estimateWeightBytes(draft) / 2 ** 30);
}

/** The target's shape with the draft's KV layers added, and a note saying so (weights: combinedWeightsGib). */
export function withDraft(
  target: ModelShape,
  draft: ModelShape,
  draftWeightsGib: number | undefined,
  options: Options,
): ModelShape {
  const draftLayers = draft.layers.filter((l) => l !== 'none').length;
  const targetBytes = perTokenPerLayer(target, options);
  const draftBytes = perTokenPerLayer(draft, options);
  const extraLayers = targetBytes > 0 ? Math.ceil((draftLayers * draftBytes) / targetBytes) : 0;
  const draftWeights =
    draftWeightsGib !== undefined
      ? `${draftWeightsGib.toFixed(2)} GiB`
      : `about ${(estimateWeightBytes(draft) / 2 ** 30).toFixed(2)} GiB`;
  return {
    ...target,
    layers: [...target.layers, ...Array.from({ length: extraLayers }, () => 'full' as const)],
    notes: [
      ...target.notes,
      `speculative decoding: the draft model's ${draftLayers} attention layers share the KV pool (counted as ${extraLayers} more layers of this model's size) and its weights (${draftWeights}) load beside the target's`,
    ],
  };
}
