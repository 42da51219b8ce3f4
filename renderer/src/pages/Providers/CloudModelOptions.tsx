// The cloud pricing table's models as a <datalist>, for the cloud-equivalent fields on this page:
// each name with its list prices per 1M tokens.
import { useEffect } from 'react';
import { actions, useAppPick } from '../../store';
import { CLOUD_MODELS_LIST_ID, perMillion } from './provider-form';

export function CloudModelOptions() {
  const { models } = useAppPick((s) => ({ models: s.cloudModels.data }));
  useEffect(() => {
    void actions().loadCloudModels();
  }, []);
  return (
    <datalist id={CLOUD_MODELS_LIST_ID} data-testid="providers-cloud-models">
      {(models ?? []).map((m) => (
        <option
          key={m.name}
          value={m.name}
        >{`$${perMillion(m.inputCostPerToken)} in · $${perMillion(m.outputCostPerToken)} out per 1M`}</option>
      ))}
    </datalist>
  );
}
