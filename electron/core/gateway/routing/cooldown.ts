// Cooldowns: a target that fails `allowedFails` times within a minute rests for `cooldownMs`,
// then gets traffic again. Like LiteLLM's router, a success clears the count. Gateway workers and
// replicas share their failures and cooldowns (shared-state/redis-state.ts): routing still asks
// this tracker, which learns of the others' cooldowns as they are announced.
import type { Clock } from '../../clock';

const FAIL_WINDOW_MS = 60_000;

/** Where failures and successes are shared with the other gateway processes. */
export interface CooldownSharing {
  failed(targetKey: string, allowedFails: number, cooldownMs: number, reason: string): void;
  succeeded(targetKey: string): void;
}

export class CooldownTracker {
  private readonly failures = new Map<string, number[]>();
  private readonly until = new Map<string, number>();
  /** The last failure of each target not followed by a success: what the routing editor shows. */
  private readonly lastFailure = new Map<string, string>();

  private sharing: CooldownSharing | null = null;

  constructor(private readonly clock: Clock) {}

  share(sharing: CooldownSharing | null): void {
    this.sharing = sharing;
  }

  /** Another gateway process put the target into cooldown for `ms` from now. */
  coolDownFor(targetKey: string, ms: number, reason: string): void {
    const until = this.clock.now() + ms;
    if ((this.until.get(targetKey) ?? 0) < until) this.until.set(targetKey, until);
    this.lastFailure.set(targetKey, reason);
  }

  /** Records a failure; returns true when it put the target into cooldown. */
  recordFailure(targetKey: string, allowedFails: number, cooldownMs: number, reason = 'failed'): boolean {
    const now = this.clock.now();
    this.lastFailure.set(targetKey, reason);
    this.sharing?.failed(targetKey, allowedFails, cooldownMs, reason);
    const recent = (this.failures.get(targetKey) ?? []).filter((t) => now - t < FAIL_WINDOW_MS);
    recent.push(now);
    this.failures.set(targetKey, recent);
    if (recent.length >= allowedFails) {
      this.until.set(targetKey, now + cooldownMs);
      this.failures.delete(targetKey);
      return true;
    }
    return false;
  }

  recordSuccess(targetKey: string): void {
    // Shared only after a failure this process saw: a healthy target costs no Redis call.
    if (this.sharing && this.lastFailure.has(targetKey)) this.sharing.succeeded(targetKey);
    this.failures.delete(targetKey);
    this.lastFailure.delete(targetKey);
  }

  /** Targets cooling down or whose last attempt failed, for the parent (supervisor's TargetHealthReport). */
  health(): Array<{ key: string; cooldownMs: number; lastFailure: string | null }> {
    const keys = new Set([...this.until.keys(), ...this.lastFailure.keys()]);
    return [...keys]
      .map((key) => ({ key, cooldownMs: this.remainingMs(key), lastFailure: this.lastFailure.get(key) ?? null }))
      .filter((h) => h.cooldownMs > 0 || h.lastFailure !== null);
  }

  /** Milliseconds of cooldown left, 0 when the target may take traffic. */
  remainingMs(targetKey: string): number {
    const until = this.until.get(targetKey);
    if (!until) return 0;
    const left = until - this.clock.now();
    if (left <= 0) {
      this.until.delete(targetKey);
      return 0;
    }
    return left;
  }

  coolingDown(): string[] {
    return [...this.until.keys()].filter((k) => this.remainingMs(k) > 0);
  }
}
