// Writes an ImportPlan into the store in one transaction: endpoints (API keys encrypted), the whole
// routing table (groups, fallbacks, aliases) and the master key's hash. Either all of it lands or
// none of it does. The caller then has the gateway reload its routing table.
import { ensureMasterKey } from '../master-key';
import type { SecretBox } from '../secrets';
import type { Store } from '../store';
import type { Endpoint } from '../store/endpoints';
import type { ImportPlan } from './import-plan';

export interface ImportSummary {
  endpoints: number;
  groups: number;
  aliases: number;
  /** False when the file had no model_list and the routing table was left as it was. */
  routingReplaced: boolean;
  masterKeySet: boolean;
}

export function applyImportPlan(store: Store, secrets: SecretBox, plan: ImportPlan): ImportSummary {
  // Encrypt before the transaction opens: nothing is written if a key cannot be encrypted.
  const endpoints: Endpoint[] = plan.endpoints.map(({ apiKey, ...e }) => ({
    ...e,
    apiKeyCipher: apiKey === null ? null : secrets.encrypt(apiKey),
  }));
  store.db.transaction(() => {
    for (const e of endpoints) store.endpoints.upsert(e);
    if (plan.replaceRouting) store.modelGroups.replaceAll(plan.groups, plan.aliases);
    if (plan.masterKey !== null) ensureMasterKey(store.settings, plan.masterKey);
  })();
  return {
    endpoints: endpoints.length,
    groups: plan.replaceRouting ? plan.groups.length : 0,
    aliases: plan.replaceRouting ? Object.keys(plan.aliases).length : 0,
    routingReplaced: plan.replaceRouting,
    masterKeySet: plan.masterKey !== null,
  };
}
