// The gateway ⇄ parent messages: what each side accepts, and that anything else is dropped with
// a line saying what was wrong rather than acted on.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GatewayMessage, ParentMessage, readMessage } from './process-messages';

afterEach(() => vi.restoreAllMocks());

describe('process messages', () => {
  it('passes the messages each side sends', () => {
    const load = { type: 'load', targets: [{ key: 'deployment:qwen', kvCacheUsage: 0.4, waiting: null }] };
    expect(readMessage(ParentMessage, load, 'parent')).toEqual(load);
    expect(readMessage(ParentMessage, { type: 'reload' }, 'parent')).toEqual({ type: 'reload' });
    const health = { type: 'target-health', targets: [{ key: 'endpoint:a', cooldownMs: 500, lastFailure: '502' }] };
    expect(readMessage(GatewayMessage, health, 'gateway process')).toEqual(health);
    expect(readMessage(GatewayMessage, { type: 'wake', deployment: 'qwen' }, 'gateway process')).toEqual({
      type: 'wake',
      deployment: 'qwen',
    });
  });

  it('drops a malformed or unknown message with one line naming the bad field', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(readMessage(ParentMessage, { type: 'load', targets: [{ key: 1 }] }, 'parent')).toBeNull();
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0][0])).toMatch(/malformed message from the parent: targets\.0\.key/);
    expect(readMessage(GatewayMessage, { type: 'listening' }, 'gateway process')).toBeNull();
    expect(readMessage(GatewayMessage, { type: 'shutdown' }, 'gateway process')).toBeNull();
    expect(readMessage(ParentMessage, null, 'parent')).toBeNull();
    expect(log).toHaveBeenCalledTimes(4);
  });
});
