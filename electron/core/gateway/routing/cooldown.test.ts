import { describe, expect, it } from 'vitest';
import { CooldownTracker } from './cooldown';

describe('CooldownTracker', () => {
  it('cools a target down after allowed_fails within a minute, then lets it back', () => {
    const time = { now: 0 };
    const c = new CooldownTracker({ now: () => time.now });
    expect(c.recordFailure('t', 3, 5_000)).toBe(false);
    expect(c.recordFailure('t', 3, 5_000)).toBe(false);
    expect(c.recordFailure('t', 3, 5_000)).toBe(true);
    expect(c.remainingMs('t')).toBe(5_000);
    time.now = 5_001;
    expect(c.remainingMs('t')).toBe(0);
  });

  it('forgets failures older than a minute and after a success', () => {
    const time = { now: 0 };
    const c = new CooldownTracker({ now: () => time.now });
    c.recordFailure('t', 2, 1_000);
    time.now = 61_000;
    expect(c.recordFailure('t', 2, 1_000)).toBe(false);
    c.recordSuccess('t');
    expect(c.recordFailure('t', 2, 1_000)).toBe(false);
  });
});
