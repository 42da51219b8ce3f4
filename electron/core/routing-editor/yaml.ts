// The LiteLLM config.yaml equivalent of a proposed routing table (the editor's side panel), written
// by the same exporter as `switchyard export`, with provider keys as os.environ/ placeholders.
import type { ProposedTable } from '../../../shared/contract-routing';
import { exportLitellmConfig } from '../config';
import type { SecretBox } from '../secrets';
import type { Store } from '../store';
import { toGroupSpecs } from './apply';

export function proposalYaml(store: Store, secrets: SecretBox, table: ProposedTable): string {
  const groups = toGroupSpecs(store, table).map((g) => ({ ...g, settings: g.settings ?? {}, createdAt: '' }));
  return exportLitellmConfig(store, secrets, { includeSecrets: false, routing: { groups, aliases: table.aliases } });
}
