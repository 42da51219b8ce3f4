// The fit estimate's entry point: a FitRequest (catalog model id or a config.json, GPUs, engine
// arguments) in, a FitEstimate out. Pure apart from reading the bundled catalog.
import { FitRequest, type FitEstimate } from '../../../shared/deployment-schemas';
import { findCatalogModel } from '../docker/catalog';
import { estimateFit } from './estimate';
import { ModelConfigError, modelShapeFrom } from './model-shape';
import { combinedWeightsGib, withDraft } from './speculative';

export { estimateFit, fitJson } from './estimate';
export { ModelConfigError, modelShapeFrom } from './model-shape';

/** Throws ModelConfigError when neither a config nor a known catalog model is given. */
export function fitFor(request: FitRequest): FitEstimate {
  const { model, config, draftConfig, draftWeightsGib, ...options } = FitRequest.parse(request);
  let source = config;
  if (!source && model) {
    const entry = findCatalogModel(model);
    if (!entry)
      throw new ModelConfigError(
        `"${model}" is not in the catalog: give its config.json (--config-json FILE offline).`,
      );
    source = entry.config;
  }
  if (!source) throw new ModelConfigError('Say which model: a catalog model id or its config.json.');
  const target = modelShapeFrom(source);
  if (!draftConfig) return estimateFit(target, options);
  const draft = modelShapeFrom(draftConfig);
  return estimateFit(withDraft(target, draft, draftWeightsGib, options), {
    ...options,
    weightsGib: combinedWeightsGib(target, draft, options.weightsGib, draftWeightsGib),
  });
}
