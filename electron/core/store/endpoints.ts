// Endpoints: upstreams that are not Switchyard's own deployments — any OpenAI-compatible server
// (Ollama, LM Studio, llama.cpp, a vLLM elsewhere) and cloud providers. API keys are stored only
// as SecretBox ciphertext.
import type Database from 'better-sqlite3';
import type { Clock } from '../clock';

export type EndpointProvider = 'openai-compatible' | 'openai' | 'anthropic' | 'hosted_vllm';

export interface Endpoint {
  name: string;
  provider: EndpointProvider;
  baseUrl: string;
  model: string;
  apiKeyCipher: string | null;
  maxModelLen: number | null;
  inputCostPerToken: number | null;
  outputCostPerToken: number | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  timeoutMs: number | null;
  /**
   * The cloud model (resources/pricing name) a self-hosted engine stands in for: the Spend page
   * compares a `hosted_vllm` endpoint's charged cost with that list price. Absent or null: none.
   */
  cloudEquivalent?: string | null;
}

type Row = {
  name: string;
  provider: EndpointProvider;
  base_url: string;
  model: string;
  api_key_cipher: string | null;
  max_model_len: number | null;
  input_cost_per_token: number | null;
  output_cost_per_token: number | null;
  rpm_limit: number | null;
  tpm_limit: number | null;
  timeout_ms: number | null;
  cloud_equivalent: string | null;
};

const toEndpoint = (r: Row): Endpoint => ({
  name: r.name,
  provider: r.provider,
  baseUrl: r.base_url,
  model: r.model,
  apiKeyCipher: r.api_key_cipher,
  maxModelLen: r.max_model_len,
  inputCostPerToken: r.input_cost_per_token,
  outputCostPerToken: r.output_cost_per_token,
  rpmLimit: r.rpm_limit,
  tpmLimit: r.tpm_limit,
  timeoutMs: r.timeout_ms,
  cloudEquivalent: r.cloud_equivalent,
});

export class EndpointsRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {}

  list(): Endpoint[] {
    return (this.db.prepare(`SELECT * FROM endpoints ORDER BY name`).all() as Row[]).map(toEndpoint);
  }

  get(name: string): Endpoint | null {
    const row = this.db.prepare(`SELECT * FROM endpoints WHERE name = ?`).get(name) as Row | undefined;
    return row ? toEndpoint(row) : null;
  }

  upsert(e: Endpoint): void {
    this.db
      .prepare(`
      INSERT INTO endpoints (name, provider, base_url, model, api_key_cipher, max_model_len, input_cost_per_token,
        output_cost_per_token, rpm_limit, tpm_limit, timeout_ms, cloud_equivalent, created_at)
      VALUES (@name, @provider, @baseUrl, @model, @apiKeyCipher, @maxModelLen, @inputCostPerToken, @outputCostPerToken,
        @rpmLimit, @tpmLimit, @timeoutMs, @cloudEquivalent, @createdAt)
      ON CONFLICT(name) DO UPDATE SET provider = excluded.provider, base_url = excluded.base_url, model = excluded.model,
        api_key_cipher = excluded.api_key_cipher, max_model_len = excluded.max_model_len,
        input_cost_per_token = excluded.input_cost_per_token, output_cost_per_token = excluded.output_cost_per_token,
        rpm_limit = excluded.rpm_limit, tpm_limit = excluded.tpm_limit, timeout_ms = excluded.timeout_ms,
        cloud_equivalent = CASE WHEN @keepCloudEquivalent = 1 THEN endpoints.cloud_equivalent ELSE excluded.cloud_equivalent END`)
      // A config import knows no cloud equivalent (LiteLLM has none): it leaves the one set here alone.
      .run({
        ...e,
        cloudEquivalent: e.cloudEquivalent ?? null,
        keepCloudEquivalent: e.cloudEquivalent === undefined ? 1 : 0,
        createdAt: this.clock.now(),
      });
  }

  remove(name: string): boolean {
    return this.db.prepare(`DELETE FROM endpoints WHERE name = ?`).run(name).changes > 0;
  }
}
