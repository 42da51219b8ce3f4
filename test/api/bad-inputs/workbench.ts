// Bad inputs for the Connect, Logs and Playground calls (shared/contract-connect.ts,
// contract-logs.ts, contract-playground.ts), one per call.
import type { BadInput } from './types';

export const workbenchBadInputs: Record<string, BadInput> = {
  'connect.setup': { input: { client: 'claude-code' }, field: 'client' },
  'connect.test': { input: { client: 'claude-code', group: '' }, field: 'group' },
  'logs.page': { input: { limit: 501 }, field: 'limit' },
  'logs.get': { input: { seq: -1 }, field: 'seq' },
  'logs.export': { input: { format: 'xlsx' }, field: 'format' },
  'playground.send': { input: { runId: 'run-0001', model: 'chat', messages: [] }, field: 'messages' },
  'playground.stop': { input: { runId: '../x' }, field: 'runId' },
  'conversations.list': { input: { all: true }, field: 'all' },
  'conversations.get': { input: { id: 'short' }, field: 'id' },
  'conversations.save': { input: { id: 'conv-0001', title: '', body: {} }, field: 'title' },
  'conversations.rename': { input: { id: 'conv-0001', title: 'x'.repeat(201) }, field: 'title' },
  'conversations.remove': { input: { id: 7 }, field: 'id' },
};
