// Bad inputs for the keys/teams/providers calls (shared/contract-access.ts), one per call.
import type { BadInput } from './types';

export const accessBadInputs: Record<string, BadInput> = {
  'teams.list': { input: { all: true }, field: 'all' },
  'teams.create': { input: { alias: 'search', maxBudgetUsd: -5 }, field: 'maxBudgetUsd' },
  'teams.update': { input: { id: 't1', budgetDuration: 'monthly' }, field: 'budgetDuration' },
  'teams.remove': { input: {}, field: 'id' },
  'budgets.alerts': { input: { threshold: 80 }, field: 'threshold' },
  'providers.list': { input: { kind: 'openai' }, field: 'kind' },
  'providers.add': {
    input: { name: 'lab', kind: 'openai-compatible', baseUrl: 'gpu-box:8000', model: 'llama' },
    field: 'baseUrl',
  },
  'providers.update': { input: { name: 'lab', inputCostPerToken: -1 }, field: 'inputCostPerToken' },
  'providers.remove': { input: { name: '' }, field: 'name' },
  'providers.cloudModels': { input: { provider: 'openai' }, field: 'provider' },
  'providers.test': { input: { baseUrl: 'ftp://files' }, field: 'baseUrl' },
};
