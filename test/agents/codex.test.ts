// The real Codex CLI (`codex exec`, from npm) through `switchyard serve` and a virtual key, in front
// of a simulator process with tools on: a custom provider with wire_api = "responses" in a temp
// CODEX_HOME; it completes a turn that runs a shell call and answers from its output, and the
// request log shows each call with its tokens and cost.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentStack, mustRun, resolveClient, runCli, startAgentStack } from './agent-stack';

const codex = resolveClient('@openai/codex/bin/codex.js');

describe.runIf(codex || mustRun)('Codex CLI through switchyard serve', () => {
  let stack: AgentStack;
  beforeAll(async () => {
    stack = await startAgentStack();
  }, 40_000);
  afterAll(() => stack?.close());

  it('codex exec completes a turn with a shell call and its result; each call logged with tokens and cost', async () => {
    expect(codex, 'the @openai/codex devDependency is not installed').toBeTruthy();
    const codexHome = join(stack.home, 'codex');
    mkdirSync(codexHome);
    writeFileSync(
      join(codexHome, 'config.toml'),
      [
        'model = "agent"',
        'model_provider = "switchyard"',
        '',
        '[model_providers.switchyard]',
        'name = "Switchyard"',
        `base_url = "${stack.serve.gatewayUrl}/v1"`,
        'env_key = "SWITCHYARD_API_KEY"',
        'wire_api = "responses"',
        '',
      ].join('\n'),
    );
    const { code, output } = await runCli(
      codex!,
      ['exec', '--skip-git-repo-check', 'List the files here'],
      { HOME: codexHome, CODEX_HOME: codexHome, SWITCHYARD_API_KEY: stack.key },
      stack.work,
    );
    expect(code, output).toBe(0);
    const rows = (await stack.requests()).filter((r) => r.route === 'responses');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 200, modelGroup: 'agent' });
      expect(row.promptTokens).toBeGreaterThan(1000);
      expect(row.completionTokens).toBeGreaterThan(0);
      expect(row.costUsd).toBeCloseTo(row.promptTokens * 1e-6 + row.completionTokens * 2e-6, 9);
    }
    const [last, first] = [rows[0], rows.at(-1)!];
    expect(last.promptTokens).toBeGreaterThan(first.promptTokens);
  }, 60_000);
});
