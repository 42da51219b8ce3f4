// GatewayRuntime: everything the gateway's handlers share, built once per gateway process. The
// routing table and key directory are swapped whole when the app says the config changed.
import { CapturePolicy } from '../capture/capture-settings';
import type { Clock } from '../clock';
import type { SecretBox } from '../secrets';
import type { Store } from '../store';
import { setLinkLocalProvidersAllowed } from '../providers/address-policy';
import { KeyDirectory, type Principal } from './auth';
import { BudgetLedger, type ReserveResult } from './budget';
import { GatewayError } from './http-io';
import { RateLimiter, type Admission, type KeyLimits } from './limits';
import { GatewayMetrics } from './metrics';
import { RequestLogWriter } from './request-log-writer';
import { CooldownTracker } from './routing/cooldown';
import { type Answer, type GatewayState, MemoryGatewayState, type RateSubject } from './shared-state/gateway-state';
import { RedisGatewayState } from './shared-state/redis-state';
import type { AttemptContext } from './routing/router';
import { loadRoutingTable, type RoutingTable } from './routing/table';
import { TargetLoads } from './target-load';

export interface GatewayTimeouts {
  /** Until the upstream's response headers arrive, ms. */
  firstByteMs: number;
  /** Between two body chunks, ms. */
  idleMs: number;
}

export class GatewayRuntime {
  readonly keys: KeyDirectory;
  readonly limiter: RateLimiter;
  readonly ledger: BudgetLedger;
  readonly cooldowns: CooldownTracker;
  /** Rate-limit counters, budget holds and cooldowns: in memory, or shared through Redis. */
  readonly state: GatewayState;
  readonly loads = new TargetLoads();
  readonly writer: RequestLogWriter;
  /** Body capture: which keys' requests to store (re-read at reload). */
  readonly capture: CapturePolicy;
  readonly metrics = new GatewayMetrics();
  readonly maxBodyBytes: number;
  readonly timeouts: GatewayTimeouts;
  private current: RoutingTable;
  private readonly loadedScopes = new Set<string>();
  private readonly teamLimits = new Map<string, { limits: KeyLimits; name: string } | null>();

  constructor(
    readonly store: Store,
    readonly secrets: SecretBox,
    readonly clock: Clock,
    options: {
      maxBodyBytes?: number;
      timeouts?: Partial<GatewayTimeouts>;
      random?: () => number;
      logRequests?: boolean;
      /** Asks the app to start a stopped on-demand deployment. */
      wake?: (deployment: string) => void;
      /** How long a request waits for an on-demand deployment to become ready, ms. */
      wakeTimeoutMs?: number;
      /** Where the routing table comes from; default the store. A replica's is its instance's snapshot (replica/). */
      loadTable?: () => RoutingTable;
      /** Where request-log rows go; default the store. A replica's spools them for its instance. */
      writer?: (store: Store) => RequestLogWriter;
      /** Share rate limits, budget holds and cooldowns with other gateway processes here (then call connectState). */
      redisUrl?: string;
    } = {},
  ) {
    this.wakeDeployment = options.wake ?? (() => {});
    this.wakeTimeoutMs = options.wakeTimeoutMs ?? 300_000;
    this.keys = new KeyDirectory(store, clock);
    this.limiter = new RateLimiter(clock);
    this.writer = options.writer?.(store) ?? new RequestLogWriter(store, options.logRequests ?? true);
    this.capture = new CapturePolicy(store);
    this.ledger = new BudgetLedger(clock, (change) => this.writer.recordSpend(change));
    this.cooldowns = new CooldownTracker(clock);
    this.state = options.redisUrl
      ? new RedisGatewayState(options.redisUrl, this.ledger)
      : new MemoryGatewayState(this.limiter, this.ledger);
    this.maxBodyBytes = options.maxBodyBytes ?? 20 * 1024 * 1024;
    this.timeouts = { firstByteMs: 600_000, idleMs: 120_000, ...options.timeouts };
    this.random = options.random ?? Math.random;
    setLinkLocalProvidersAllowed(store.settings.get().allowLinkLocalProviders === true);
    this.loadTable = options.loadTable ?? (() => loadRoutingTable(store, secrets));
    this.current = this.loadTable();
  }

  private readonly loadTable: () => RoutingTable;

  readonly random: () => number;
  private readonly wakeDeployment: (deployment: string) => void;
  readonly wakeTimeoutMs: number;
  /** On-demand deployments asked to start and not yet seen changing state (asked once each). */
  private readonly waking = new Set<string>();

  table(): RoutingTable {
    return this.current;
  }

  /** Re-reads routing, keys and budgets from the store (the app changed something). */
  reload(): void {
    setLinkLocalProvidersAllowed(this.store.settings.get().allowLinkLocalProviders === true);
    this.current = this.loadTable();
    for (const name of this.waking) {
      if (!this.current.targets().some((t) => t.kind === 'deployment' && t.name === name && t.wakeable))
        this.waking.delete(name);
    }
    this.keys.reload();
    this.capture.reload();
    this.loadedScopes.clear();
    this.teamLimits.clear();
  }

  /** A request routes on the table it started with (`table`), even if an apply swaps in a new one meanwhile. */
  attemptContext(table: RoutingTable = this.current): AttemptContext {
    return {
      table,
      cooldowns: this.cooldowns,
      load: (t) => this.loads.of(t),
      clock: this.clock,
      random: this.random,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      wake: (t) => {
        if (this.waking.has(t.name)) return;
        this.waking.add(t.name);
        this.wakeDeployment(t.name);
      },
    };
  }

  /** Waits until some target of `group` can take traffic (after an on-demand start); false on timeout. */
  async waitUntilServable(group: string, gone: () => boolean): Promise<boolean> {
    const deadline = this.clock.now() + this.wakeTimeoutMs;
    while (this.clock.now() < deadline && !gone()) {
      if (this.current.resolve(group)?.targets.some((t) => !t.unavailable)) return true;
      await new Promise((r) => setTimeout(r, 250));
    }
    return false;
  }

  /**
   * Rate limits of the key and, when it has one, of its team: both must admit the request, and
   * both hold its worst-case tokens (prompt and output, Infinity when unbounded) until it settles.
   */
  admit(p: Principal, worstCaseTokens: number): Answer<Admission> {
    const subjects: RateSubject[] = [{ id: p.id, limits: p.limits, who: 'This key' }];
    if (p.teamId) {
      let team = this.teamLimits.get(p.teamId);
      if (team === undefined) {
        const row = this.store.teams.get(p.teamId);
        team = row
          ? { limits: { rpm: row.rpmLimit, tpm: row.tpmLimit, parallel: null }, name: `Team ${row.alias ?? row.id}` }
          : null;
        this.teamLimits.set(p.teamId, team);
      }
      if (team) subjects.push({ id: `team:${p.teamId}`, limits: team.limits, who: team.name });
    }
    return this.unlessStateFails(this.state.admit(subjects, worstCaseTokens));
  }

  /** Holds `amountUsd` against the budgets of `scopes` (budgetScopes) if it fits all of them. */
  reserve(scopes: string[], amountUsd: number): Answer<ReserveResult> {
    return this.unlessStateFails(this.state.reserve(scopes, amountUsd));
  }

  /** Connects the shared state (Redis) and shares the cooldowns through it; nothing to do in memory. */
  async connectState(): Promise<void> {
    if (this.state instanceof RedisGatewayState) await this.state.connect(this.cooldowns);
  }

  /** When the shared state does not answer, the request is refused: a budget is never guessed. */
  private unlessStateFails<T>(answer: Answer<T>): Answer<T> {
    if (!(answer instanceof Promise)) return answer;
    return answer.catch((err: Error) => {
      throw new GatewayError(
        503,
        'service_unavailable',
        `The gateway's shared state (${this.state.where}) did not answer, so limits and budgets cannot be checked: ${err.message}. Retry when Redis is back.`,
        'shared_state_unavailable',
      );
    });
  }

  /** The budget scopes a request from `p` counts against, loaded into the ledger on first use. */
  budgetScopes(p: Principal): string[] {
    if (p.isMaster || !p.keyId) return [];
    const scopes: string[] = [];
    const keyScope = `key:${p.keyId}`;
    if (!this.loadedScopes.has(keyScope)) {
      this.ledger.upsert({
        id: keyScope,
        maxUsd: p.budget.maxUsd,
        spentUsd: p.budget.spentUsd,
        duration: p.budget.duration,
        resetAt: p.budget.resetAt,
      });
      this.loadedScopes.add(keyScope);
    }
    scopes.push(keyScope);
    if (p.teamId) {
      const teamScope = `team:${p.teamId}`;
      if (!this.loadedScopes.has(teamScope)) {
        const team = this.store.teams.get(p.teamId);
        if (team)
          this.ledger.upsert({
            id: teamScope,
            maxUsd: team.maxBudgetUsd,
            spentUsd: team.spendUsd,
            duration: team.budgetDuration,
            resetAt: team.budgetResetAt,
          });
        this.loadedScopes.add(teamScope);
      }
      scopes.push(teamScope);
    }
    if (p.userId) {
      const userScope = `user:${p.userId}`;
      if (!this.loadedScopes.has(userScope)) {
        const user = this.store.users.get(p.userId);
        if (user)
          this.ledger.upsert({
            id: userScope,
            maxUsd: user.maxBudgetUsd,
            spentUsd: user.spendUsd,
            duration: user.budgetDuration,
            resetAt: user.budgetResetAt,
          });
        this.loadedScopes.add(userScope);
      }
      scopes.push(userScope);
    }
    return scopes;
  }

  renderMetrics(): string {
    const targets = this.current.targets().map((t) => ({
      target: t.name,
      inflight: this.loads.get(t.key).inflight,
      coolingDown: this.cooldowns.remainingMs(t.key) > 0,
      available: !t.unavailable,
    }));
    const budgets = [...this.loadedScopes]
      .map((id) => this.ledger.get(id))
      .filter((s) => s && s.maxUsd != null)
      .map((s) => ({ scope: s!.id, remainingUsd: Math.max(0, s!.maxUsd! - s!.spentUsd) }));
    return this.metrics.render(targets, budgets);
  }
}
