// The real Claude Code CLI (`claude -p`, from npm) through `switchyard serve` and a virtual key, in
// front of a simulator process with tools on: it completes a turn that reads a file with its Read
// tool and answers from the result, and the request log shows each call with its tokens and cost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentStack, mustRun, resolveClient, runCli, startAgentStack } from './agent-stack';

// npm's install-scripts policy skips the package's postinstall, so its wrapper runs the CLI.
const claude = resolveClient('@anthropic-ai/claude-code/cli-wrapper.cjs');

describe.runIf(claude || mustRun)('Claude Code through switchyard serve', () => {
  let stack: AgentStack;
  beforeAll(async () => {
    stack = await startAgentStack();
  }, 40_000);
  afterAll(() => stack?.close());

  it('claude -p completes a turn with a Read tool call and its result; each call logged with tokens and cost', async () => {
    expect(claude, 'the @anthropic-ai/claude-code devDependency is not installed').toBeTruthy();
    const { code, output } = await runCli(
      claude!,
      ['-p', 'Read README.md and say what it is', '--model', 'agent', '--allowedTools', 'Read'],
      {
        HOME: stack.home,
        ANTHROPIC_BASE_URL: stack.serve.gatewayUrl,
        ANTHROPIC_AUTH_TOKEN: stack.key,
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_AUTOUPDATER: '1',
      },
      stack.work,
    );
    expect(code, output).toBe(0);
    const rows = (await stack.requests()).filter((r) => r.route === 'messages');
    // The turn that asked for the tool, and the one that answered from its result.
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 200, modelGroup: 'agent' });
      expect(row.promptTokens).toBeGreaterThan(1000);
      expect(row.completionTokens).toBeGreaterThan(0);
      expect(row.costUsd).toBeCloseTo(row.promptTokens * 1e-6 + row.completionTokens * 2e-6, 9);
    }
    // The later call carries the tool result, so its prompt is the longer one.
    const [last, first] = [rows[0], rows.at(-1)!];
    expect(last.promptTokens).toBeGreaterThan(first.promptTokens);
  }, 60_000);
});
