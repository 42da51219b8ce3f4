// The Keys & Budgets (teams, budget alerts) and Providers calls and events
// (electron/core/api/access.ts, electron/core/budget-watch.ts). Money is USD; prices are USD per
// token (the UI shows them per 1M tokens); times are ISO strings.
import { z } from 'zod';
import { call, Empty } from './contract-parts';
import { BudgetDuration, BudgetUsd, RateLimit } from './schemas';

const Limit = RateLimit;
const Budget = BudgetUsd;

// --- teams ---

export const Team = z.object({
  id: z.string(),
  alias: z.string().nullable(),
  maxBudgetUsd: z.number().nullable(),
  budgetDuration: z.string().nullable(),
  /** Spend in the current budget period (0 once the period has rolled over). */
  spendUsd: z.number(),
  /** When the current period ends and spend starts again from 0; null without a period. */
  budgetResetAt: z.string().nullable(),
  /** Spent, or the gateway refused a request for the budget (429 budget_exceeded) since the last spend. */
  budgetExhausted: z.boolean(),
  rpmLimit: z.number().int().nullable(),
  tpmLimit: z.number().int().nullable(),
  /** Keys that name this team and are not revoked. */
  keyCount: z.number().int(),
});
export type Team = z.infer<typeof Team>;

const TeamAlias = z.string().trim().min(1, 'a team name is required').max(100);

// --- budget alerts ---

/** A key or team at or past 80 % of its budget in the current period. */
export const BudgetAlert = z.object({
  scope: z.enum(['key', 'team', 'user']),
  id: z.string(),
  /** The key's alias (else its prefix), the team's name, or the user's alias (else email, else id). */
  name: z.string(),
  /** 80: 80 % spent; 100: exhausted (spent, or the gateway refused a request for the budget: 429 budget_exceeded). */
  threshold: z.union([z.literal(80), z.literal(100)]),
  spendUsd: z.number(),
  maxBudgetUsd: z.number(),
  /** Spend / budget, 0 or more (may pass 1 by the last request's real cost). */
  usedFraction: z.number(),
  budgetResetAt: z.string().nullable(),
});
export type BudgetAlert = z.infer<typeof BudgetAlert>;

// --- providers (external OpenAI-compatible servers and cloud providers) ---

export const ProviderKind = z.enum(['openai-compatible', 'hosted_vllm', 'openai', 'anthropic']);
export type ProviderKind = z.infer<typeof ProviderKind>;

export const ProviderName = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'letters, digits, dots, dashes or underscores (up to 64), e.g. lab-ollama',
  );

const BaseUrl = z
  .string()
  .trim()
  .regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'an http:// or https:// URL such as http://gpu-box:8000/v1');

/** A model of the cloud pricing table (providers.cloudModels): `openai/gpt-4o-mini` or a bare name one provider lists. */
const CloudEquivalent = z.string().trim().min(1, 'a cloud model name such as openai/gpt-4o-mini').max(200);

/** USD per token; $1,000 per 1M tokens at most. */
const PricePerToken = z.number().min(0, 'a price of 0 or more').max(0.001, 'at most $1,000 per 1M tokens');

export const Provider = z.object({
  name: z.string(),
  kind: ProviderKind,
  baseUrl: z.string(),
  /** The model name upstream. */
  model: z.string(),
  /** Whether an API key is stored (encrypted); the key itself is never returned. */
  hasApiKey: z.boolean(),
  maxModelLen: z.number().int().nullable(),
  /** Price overrides, USD per token; null = the pricing table's list price (or free). */
  inputCostPerToken: z.number().nullable(),
  outputCostPerToken: z.number().nullable(),
  /**
   * The cloud model a self-hosted engine (`hosted_vllm`) stands in for: the Spend page compares
   * what its tokens were charged with that model's list price. Null = none.
   */
  cloudEquivalent: z.string().nullable(),
  /** Model groups that route to it. */
  usedBy: z.array(z.string()),
});
export type Provider = z.infer<typeof Provider>;

const ProviderSettings = {
  kind: ProviderKind,
  baseUrl: BaseUrl,
  model: z.string().trim().min(1, 'the model name the server knows, e.g. llama3.1:8b').max(200),
  maxModelLen: z.number().int('a whole number').positive('a number above 0').max(10_000_000),
  inputCostPerToken: PricePerToken,
  outputCostPerToken: PricePerToken,
};

export const ProviderTestResult = z.object({
  ok: z.boolean(),
  /** Model ids the server lists at GET <baseUrl>/models. */
  models: z.array(z.string()),
  /** Why the test failed, and what to do; null when it worked. */
  reason: z.string().nullable(),
  latencyMs: z.number(),
});
export type ProviderTestResult = z.infer<typeof ProviderTestResult>;

/** One model of the cloud pricing table (resources/pricing/cloud-models.json). */
export const CloudModel = z.object({
  /** `provider/model`: the name a cloud equivalent is given by. */
  name: z.string(),
  /** List prices, USD per token. */
  inputCostPerToken: z.number(),
  outputCostPerToken: z.number(),
});
export type CloudModel = z.infer<typeof CloudModel>;

export const accessCalls = {
  'teams.list': call(Empty, z.array(Team)),
  'teams.create': call(
    z
      .object({
        alias: TeamAlias,
        maxBudgetUsd: Budget.optional(),
        budgetDuration: BudgetDuration.optional(),
        rpmLimit: Limit.optional(),
        tpmLimit: Limit.optional(),
      })
      .strict(),
    Team,
  ),
  /** Changes a team; an absent field stays, null clears it. A new budget period starts now. */
  'teams.update': call(
    z
      .object({
        id: z.string().min(1),
        alias: TeamAlias.optional(),
        maxBudgetUsd: Budget.nullable().optional(),
        budgetDuration: BudgetDuration.nullable().optional(),
        rpmLimit: Limit.nullable().optional(),
        tpmLimit: Limit.nullable().optional(),
      })
      .strict(),
    Team,
  ),
  /** Refused while keys that are not revoked still name the team. */
  'teams.remove': call(z.object({ id: z.string().min(1) }).strict(), z.object({ removed: z.boolean() })),

  /** Keys and teams at or past 80 % of their budget now, most spent first. */
  'budgets.alerts': call(Empty, z.array(BudgetAlert)),

  'providers.list': call(Empty, z.array(Provider)),
  /** The API key is stored encrypted (SecretBox) and never returned. */
  'providers.add': call(
    z
      .object({
        name: ProviderName,
        ...ProviderSettings,
        apiKey: z.string().trim().min(1).max(4096).optional(),
        maxModelLen: ProviderSettings.maxModelLen.optional(),
        inputCostPerToken: PricePerToken.optional(),
        outputCostPerToken: PricePerToken.optional(),
        cloudEquivalent: CloudEquivalent.optional(),
      })
      .strict(),
    Provider,
  ),
  /** An absent field stays; null clears it (apiKey: null forgets the stored key). */
  'providers.update': call(
    z
      .object({
        name: z.string().min(1),
        kind: ProviderKind.optional(),
        baseUrl: BaseUrl.optional(),
        model: ProviderSettings.model.optional(),
        apiKey: z.string().trim().min(1).max(4096).nullable().optional(),
        maxModelLen: ProviderSettings.maxModelLen.nullable().optional(),
        inputCostPerToken: PricePerToken.nullable().optional(),
        outputCostPerToken: PricePerToken.nullable().optional(),
        cloudEquivalent: CloudEquivalent.nullable().optional(),
      })
      .strict(),
    Provider,
  ),
  /** The cloud pricing table's models, in its order: the names a cloud equivalent may take. */
  'providers.cloudModels': call(Empty, z.array(CloudModel)),
  /** Refused while a model group routes to it. */
  'providers.remove': call(z.object({ name: z.string().min(1) }).strict(), z.object({ removed: z.boolean() })),
  /**
   * Asks the server for its models (GET <baseUrl>/models with the key). Either a stored provider by
   * `name`, or unsaved settings (`kind`, `baseUrl`, `apiKey`) from the add form.
   */
  'providers.test': call(
    z
      .object({
        name: z.string().min(1).optional(),
        kind: ProviderKind.optional(),
        baseUrl: BaseUrl.optional(),
        apiKey: z.string().trim().min(1).max(4096).optional(),
      })
      .strict()
      .refine((v) => Boolean(v.name) !== Boolean(v.baseUrl), {
        message: 'give either name (a saved provider) or baseUrl',
        path: ['baseUrl'],
      }),
    ProviderTestResult,
  ),
} as const;

export const accessEvents = {
  /** A key or team just passed 80 % or 100 % of its budget (once per threshold per budget period). */
  'budgets.alert': BudgetAlert.extend({ at: z.string() }),
} as const;
