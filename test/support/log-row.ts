// A request-log row for tests that write the log directly: a plain successful request, with
// `overrides` for what the test is about.
import type { NewRequestLog } from '../../electron/core/store/request-log';

export function logRow(overrides: Partial<NewRequestLog> & Pick<NewRequestLog, 'id'>): NewRequestLog {
  return {
    at: 1_700_000_000_000,
    keyId: null,
    modelGroup: 'chat',
    deployment: null,
    status: 200,
    promptTokens: 1,
    completionTokens: 1,
    costUsd: 0,
    latencyMs: 1,
    ttftMs: null,
    attempts: 1,
    errorClass: null,
    ...overrides,
  };
}
