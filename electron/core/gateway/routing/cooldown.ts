// Cooldowns: a target that fails `allowedFails` times within a minute rests for `cooldownMs`,
// then gets traffic again. Like LiteLLM's router, a success clears the count.
import type { Clock } from '../../clock';

const FAIL_WINDOW_MS = 60_000;

export class CooldownTracker {
  private readonly failures = new Map<string, number[]>();
  private readonly until = new Map<string, number>();
  /** The last failure of each target not followed by a success: what the routing editor shows. */
  private readonly lastFailure = new Map<string, string>();

  constructor(private readonly clock: Clock) {}

  /** Records a failure; returns true when it put the target into cooldown. */
  recordFailure(targetKey: string, allowedFails: number, cooldownMs: number, reason = 'failed'): boolean {
    const now = this.clock.now();
    this.lastFailure.set(targetKey, reason);
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
