// Which model groups and deployments will answer a request that offers tools. Agents (Claude Code,
// Codex) send tools with every request, and vLLM refuses `tool_choice: auto` unless it was started
// with --enable-auto-tool-choice and a --tool-call-parser (docs/vllm.md): the most common reason an
// agent fails against a self-hosted model. A deployment's engine arguments are known from its spec
// (with the "for agents" flags docker/agent-args.ts adds); an external server's are not.
import type { ConnectGroup, ToolCalls } from '../../../shared/contract-connect';
import type { DeploymentSpec } from '../../../shared/deployment-schemas';
import { agentEngineArgs } from '../docker/agent-args';
import type { Store } from '../store';
import type { Endpoint } from '../store/endpoints';

const has = (args: readonly string[], flag: string) => args.some((a) => a === flag || a.startsWith(`${flag}=`));

/** A flag's value, given as `--flag value` or `--flag=value`. */
function flagValue(args: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === flag) return args[i + 1];
    if (args[i].startsWith(`${flag}=`)) return args[i].slice(flag.length + 1);
  }
  return undefined;
}

const AGENT_FLAGS = '--enable-auto-tool-choice and a --tool-call-parser';
const REDEPLOY =
  'Deploy it again with "For agents (tools)" on (or add --enable-auto-tool-choice --tool-call-parser …).';

/** A deployment's verdict from the engine arguments it starts with. */
export function deploymentToolCalls(spec: DeploymentSpec | null, name: string): ToolCalls {
  if (!spec)
    return {
      state: 'unknown',
      cause: 'spec-unreadable',
      reason: `The spec of ${name} cannot be read, so its engine arguments are unknown.`,
    };
  let args = spec.engineArgs;
  try {
    args = [...args, ...agentEngineArgs(spec)];
  } catch (err) {
    return { state: 'no', cause: 'no-parser-known', reason: `${name} cannot serve agents: ${(err as Error).message}` };
  }
  if (flagValue(args, '--runner') === 'pooling')
    return {
      state: 'no',
      cause: 'pooling-model',
      reason: `${name} runs a pooling model (embeddings, rerank): it does not generate text.`,
    };
  if (!has(args, '--enable-auto-tool-choice'))
    return {
      state: 'no',
      cause: 'no-auto-tool-choice',
      reason: `${name} was started without --enable-auto-tool-choice: vLLM answers an agent's tools with a 400. ${REDEPLOY}`,
    };
  if (!has(args, '--tool-call-parser'))
    return {
      state: 'no',
      cause: 'no-tool-call-parser',
      reason: `${name} has --enable-auto-tool-choice but no --tool-call-parser, which vLLM refuses at start. ${REDEPLOY}`,
    };
  const parser = flagValue(args, '--tool-call-parser') ?? 'given';
  return {
    state: 'yes',
    cause: 'auto-tool-choice',
    reason: `${name} was started with --enable-auto-tool-choice (tool-call parser ${parser}).`,
  };
}

/** An endpoint's verdict: cloud APIs do tools; how a self-hosted server was started cannot be seen. */
export function endpointToolCalls(endpoint: Endpoint | undefined, name: string): ToolCalls {
  if (!endpoint)
    return { state: 'no', cause: 'no-target', reason: `No endpoint named ${name}: the group routes to nothing there.` };
  if (endpoint.provider === 'openai' || endpoint.provider === 'anthropic')
    return {
      state: 'yes',
      cause: 'cloud-api',
      reason: `${name} is ${endpoint.provider === 'openai' ? 'OpenAI' : 'Anthropic'}'s API.`,
    };
  return {
    state: 'unknown',
    cause: 'external-server',
    reason: `${name} is a server Switchyard did not start, so its flags cannot be seen: a vLLM server needs ${AGENT_FLAGS} for agents. "Test it" with an agent client tells.`,
  };
}

/** Folds the targets' verdicts: one target that refuses makes the group refuse some requests. */
export function foldToolCalls(group: string, targets: { ref: string; toolCalls: ToolCalls }[]): ToolCalls {
  if (targets.length === 0) return { state: 'no', cause: 'no-target', reason: `${group} has no targets.` };
  const no = targets.filter((t) => t.toolCalls.state === 'no');
  if (no.length > 0)
    return {
      state: 'no',
      cause:
        no.length === targets.length && no.every((t) => t.toolCalls.cause === no[0].toolCalls.cause)
          ? no[0].toolCalls.cause
          : 'mixed',
      reason:
        no.length === targets.length
          ? no.map((t) => t.toolCalls.reason).join(' ')
          : `Some requests go to ${no.map((t) => t.ref).join(', ')}, which will not do tool calls: ${no.map((t) => t.toolCalls.reason).join(' ')}`,
    };
  const unknown = targets.filter((t) => t.toolCalls.state === 'unknown');
  if (unknown.length > 1 && unknown.every((t) => t.toolCalls.cause === 'external-server'))
    return {
      state: 'unknown',
      cause: 'external-server',
      reason: `${unknown.map((t) => t.ref).join(', ')} are servers Switchyard did not start, so their flags cannot be seen: a vLLM server needs ${AGENT_FLAGS} for agents. "Test it" with an agent client tells.`,
    };
  if (unknown.length > 0)
    return {
      state: 'unknown',
      cause: unknown[0].toolCalls.cause,
      reason: unknown.map((t) => t.toolCalls.reason).join(' '),
    };
  return { state: 'yes', cause: targets[0].toolCalls.cause, reason: targets.map((t) => t.toolCalls.reason).join(' ') };
}

export interface ToolReadiness {
  groups: ConnectGroup[];
  deployments: Record<string, ToolCalls>;
}

/** Every group a client may ask for (the gateway's table: stored groups, then deployments by served name). */
export function toolReadiness(store: Store): ToolReadiness {
  const deployments: Record<string, ToolCalls> = {};
  const all = store.deployments.list();
  for (const d of all) deployments[d.name] = deploymentToolCalls(store.deployments.spec(d.name), d.name);
  const endpoints = new Map(store.endpoints.list().map((e) => [e.name, e]));
  const verdict = (kind: 'deployment' | 'endpoint', ref: string): ToolCalls =>
    kind === 'deployment'
      ? (deployments[ref] ?? {
          state: 'no',
          cause: 'no-target',
          reason: `No deployment named ${ref}: the group routes to nothing there.`,
        })
      : endpointToolCalls(endpoints.get(ref), ref);

  const groups: ConnectGroup[] = store.modelGroups.list().map((g) => {
    const targets = g.targets.map((t) => ({ kind: t.kind, ref: t.ref, toolCalls: verdict(t.kind, t.ref) }));
    return { name: g.name, toolCalls: foldToolCalls(g.name, targets), targets };
  });
  const named = new Set(groups.map((g) => g.name));
  for (const d of all) {
    if (named.has(d.servedModelName)) continue;
    named.add(d.servedModelName);
    const targets = [{ kind: 'deployment' as const, ref: d.name, toolCalls: deployments[d.name] }];
    groups.push({ name: d.servedModelName, toolCalls: foldToolCalls(d.servedModelName, targets), targets });
  }
  return { groups, deployments };
}
