// The gateway's state in Redis (ioredis), shared by gateway workers on one box and replicas on
// others: every check-and-hold is one Lua script (lua-scripts.ts), so two processes can never
// together pass a limit or a budget. Holds (budget reservations, parallel slots) are leases this
// process renews every few seconds; a process that dies stops renewing, and its holds lapse within
// LEASE_MS. SQLite stays the source of truth for spend: each reserve passes the spend this process
// loaded from SQLite, Redis keeps the larger of the two for the same period (a new period starts
// from SQLite's), and each settlement's new total is written back to SQLite by the process that
// settled. Cooldowns are announced on a channel, so a target one process cooled down is skipped by
// all at once; a process that starts late reads the ones still running.
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { z } from 'zod';
import type { BudgetLedger, Reservation, ReserveResult } from '../budget';
import type { Admission } from '../limits';
import type { CooldownTracker } from '../routing/cooldown';
import { type GatewayState, type RateSubject, refusal, tokensToHold } from './gateway-state';
import { ADMIT, FAIL, RELEASE, RENEW, RESERVE, SETTLE } from './lua-scripts';

/** How long a hold outlives the process that stopped renewing it, ms. */
export const LEASE_MS = 30_000;
const RENEW_EVERY_MS = 5_000;

export const RedisUrl = z
  .string()
  .url()
  .refine((u) => /^rediss?:$/.test(new URL(u).protocol), 'must start with redis:// or rediss://');

type Script = (numKeys: number, ...args: Array<string | number>) => Promise<unknown>;
interface Scripts {
  syReserve: Script;
  sySettle: Script;
  syRenew: Script;
  syAdmit: Script;
  syRelease: Script;
  syFail: Script;
}

export interface RedisStateOptions {
  /** Prefix of every key and channel; replicas of one instance share it. */
  prefix?: string;
  leaseMs?: number;
}

export class RedisGatewayState implements GatewayState {
  readonly where: string;
  /** Set by connect: ioredis loads only when Redis is used, so a gateway without it starts as fast as before. */
  private redis!: Redis & Scripts;
  private readonly url: string;
  private subscriber: Redis | null = null;
  private readonly prefix: string;
  private readonly leaseMs: number;
  /** Holds this process renews: member → the zsets it is in. */
  private readonly leases = new Map<string, string[]>();
  private readonly renewTimer: NodeJS.Timeout;
  private cooldowns: CooldownTracker | null = null;
  /** Settlements and releases sent and not yet answered. */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    url: string,
    private readonly ledger: BudgetLedger,
    options: RedisStateOptions = {},
  ) {
    const parsed = RedisUrl.safeParse(url);
    if (!parsed.success)
      throw new Error(`--redis "${url}" is not a Redis URL: use redis://host:6379 (or rediss:// for TLS).`);
    const u = new URL(url);
    this.where = `Redis at ${u.protocol}//${u.host}`;
    this.prefix = options.prefix ?? 'switchyard:';
    this.leaseMs = options.leaseMs ?? LEASE_MS;
    this.url = url;
    this.renewTimer = setInterval(() => this.renew(), Math.min(RENEW_EVERY_MS, this.leaseMs / 3));
    this.renewTimer.unref();
  }

  /** Connects (a clear error when Redis does not answer) and, given a tracker, shares its cooldowns. */
  async connect(cooldowns?: CooldownTracker): Promise<void> {
    const { default: IORedis } = await import('ioredis');
    this.redis = new IORedis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      enableAutoPipelining: true,
    }) as Redis & Scripts;
    const scripts: Record<keyof Scripts, string> = {
      syReserve: RESERVE,
      sySettle: SETTLE,
      syRenew: RENEW,
      syAdmit: ADMIT,
      syRelease: RELEASE,
      syFail: FAIL,
    };
    for (const [name, lua] of Object.entries(scripts)) this.redis.defineCommand(name, { lua });
    this.redis.on('error', () => {}); // each command reports its own failure
    try {
      await this.redis.connect();
      await this.redis.ping();
    } catch (err) {
      this.redis.disconnect();
      throw new Error(`${this.where} does not answer (${(err as Error).message}): start redis-server or fix --redis.`);
    }
    if (!cooldowns) return;
    this.cooldowns = cooldowns;
    cooldowns.share({
      failed: (key, allowedFails, cooldownMs, reason) =>
        void this.redis
          .syFail(2, ...this.cooldownKeys(key), allowedFails, cooldownMs, reason, randomUUID(), key, this.channel())
          .catch(() => {}),
      succeeded: (key) => void this.redis.del(this.cooldownKeys(key)[0]).catch(() => {}),
    });
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('error', () => {});
    this.subscriber.on('message', (_channel: string, message: string) => {
      const [key, ms, ...reason] = message.split('\n');
      if (key && Number(ms) > 0) cooldowns.coolDownFor(key, Number(ms), reason.join('\n'));
    });
    await this.subscriber.subscribe(this.channel());
    // Cooldowns set before this process started.
    for (const [key, ms, reason] of await this.runningCooldowns()) cooldowns.coolDownFor(key, ms, reason);
  }

  async admit(subjects: RateSubject[], worstCaseTokens: number): Promise<Admission> {
    const limited = subjects.filter((s) => s.limits.rpm != null || s.limits.tpm != null || s.limits.parallel != null);
    if (limited.length === 0) return { ok: true, release: () => {}, reservedTokens: 0 };
    const id = randomUUID();
    const keys = limited.flatMap((s) => this.rateKeys(s.id));
    const holds = limited.map((s) => tokensToHold(s.limits, worstCaseTokens));
    const args = limited.flatMap((s, i) => [opt(s.limits.rpm), opt(s.limits.tpm), opt(s.limits.parallel), holds[i]]);
    const out = (await this.redis.syAdmit(keys.length, ...keys, id, this.leaseMs, ...args)) as Array<string | number>;
    if (Number(out[0]) !== 1) {
      const [, index, limit, count, oldest, now] = out;
      const retryAfterS = Math.max(1, Math.ceil((Number(oldest) + 60_000 - Number(now)) / 1000));
      return refusal(limit as 'rpm' | 'tpm' | 'parallel', limited[Number(index) - 1], {
        count: Number(count),
        worstCaseTokens,
        retryAfterS,
      });
    }
    const inflight = limited.map((s) => this.rateKeys(s.id)[3]);
    this.leases.set(`rate:${id}`, inflight);
    let released = false;
    return {
      ok: true,
      reservedTokens: Math.max(0, ...holds),
      release: (tokens) => {
        if (released) return;
        released = true;
        this.leases.delete(`rate:${id}`);
        const releaseKeys = limited.flatMap((s) => {
          const k = this.rateKeys(s.id);
          return [k[2], k[3]];
        });
        this.track(
          this.redis
            .syRelease(releaseKeys.length, ...releaseKeys, id, Math.max(0, Math.round(tokens)))
            .catch((err: Error) =>
              console.error(`[gateway] ${this.where}: a rate-limit release failed: ${err.message}`),
            ),
        );
      },
    };
  }

  async reserve(scopeIds: string[], amountUsd: number): Promise<ReserveResult> {
    const scopes = scopeIds.map((id) => this.ledger.get(id)).filter((s): s is NonNullable<typeof s> => Boolean(s));
    if (scopes.length === 0) return { ok: true, reservation: { scopes: [], amountUsd, settled: false } };
    const id = randomUUID();
    const keys = scopes.flatMap((s) => this.budgetKeys(s.id));
    const args = scopes.flatMap((s) => [opt(s.maxUsd), String(s.spentUsd), opt(s.resetAt)]);
    const out = (await this.redis.syReserve(keys.length, ...keys, id, String(amountUsd), this.leaseMs, ...args)) as
      | string[]
      | number[];
    if (Number(out[0]) !== 1) {
      const s = scopes[Number(out[1]) - 1];
      this.ledger.observeSpend(s.id, Number(out[2]), false);
      this.ledger.noteRefusal(s.id);
      return {
        ok: false,
        scope: s.id,
        remainingUsd: Math.max(0, (s.maxUsd ?? 0) - Number(out[2])),
        requestedUsd: amountUsd,
        resetAt: s.resetAt,
      };
    }
    scopes.forEach((s, i) => this.ledger.observeSpend(s.id, Number(out[i + 1]), false));
    this.leases.set(
      `budget:${id}`,
      scopes.map((s) => this.budgetKeys(s.id)[2]),
    );
    return { ok: true, reservation: { id, scopes: scopes.map((s) => s.id), amountUsd, settled: false } };
  }

  settle(reservation: Reservation, actualUsd: number): void {
    if (reservation.settled) return;
    reservation.settled = true;
    if (!reservation.id || reservation.scopes.length === 0) return;
    this.leases.delete(`budget:${reservation.id}`);
    const keys = reservation.scopes.flatMap((s) => this.budgetKeys(s));
    this.track(
      this.redis
        .sySettle(keys.length, ...keys, reservation.id, String(Math.max(0, actualUsd)))
        .then((out) => {
          if (actualUsd <= 0) return;
          (out as string[]).forEach((spent, i) => this.ledger.observeSpend(reservation.scopes[i], Number(spent), true));
        })
        .catch((err: Error) =>
          console.error(
            `[gateway] ${this.where}: a settlement of $${actualUsd} failed (its hold lapses in ${this.leaseMs / 1000} s): ${err.message}`,
          ),
        ),
    );
  }

  /** Resolves once every settlement and release sent so far is answered. */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** The shared spend of scopes (null where Redis has none yet): for tests and reconciliation. */
  async spent(scopeIds: string[]): Promise<Array<number | null>> {
    const values = await Promise.all(scopeIds.map((s) => this.redis.hget(this.budgetKeys(s)[0], 'spent')));
    return values.map((v) => (v == null ? null : Number(v)));
  }

  async close(): Promise<void> {
    clearInterval(this.renewTimer);
    this.cooldowns?.share(null);
    await this.settled();
    await Promise.allSettled([this.subscriber?.quit(), this.redis?.quit()]);
  }

  private renew(): void {
    if (this.leases.size === 0) return;
    const keys: string[] = [];
    const members: string[] = [];
    for (const [lease, zsets] of this.leases) {
      const member = lease.slice(lease.indexOf(':') + 1);
      for (const z of zsets) keys.push(z), members.push(member);
    }
    this.redis
      .syRenew(keys.length, ...keys, this.leaseMs, ...members)
      .catch((err: Error) => console.error(`[gateway] ${this.where}: renewing holds failed: ${err.message}`));
  }

  private async runningCooldowns(): Promise<Array<[string, number, string]>> {
    const found: Array<[string, number, string]> = [];
    const pattern = `${this.prefix}cd:u:*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 200);
      cursor = next;
      for (const k of keys) {
        const [ms, reason] = await Promise.all([this.redis.pttl(k), this.redis.get(k)]);
        if (ms > 0) found.push([k.slice(pattern.length - 1), ms, reason ?? 'failed']);
      }
    } while (cursor !== '0');
    return found;
  }

  private channel = () => `${this.prefix}cooldowns`;
  private cooldownKeys = (target: string) => [`${this.prefix}cd:f:${target}`, `${this.prefix}cd:u:${target}`];
  private rateKeys = (subject: string) => ['req', 'tok', 'tokn', 'par'].map((k) => `${this.prefix}rl:${k}:${subject}`);
  private budgetKeys = (scope: string) => ['b', 'r', 'x'].map((k) => `${this.prefix}budget:${k}:${scope}`);
}

const opt = (v: number | null | undefined): string => (v == null ? '' : String(v));
