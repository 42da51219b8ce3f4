// `switchyard connect [CLIENT] [--key sk-…] [--model GROUP] [--test]`: the setup the Connect page
// shows, for the running instance (its gateway URL and model groups), from the same snippet module.
// Without a client it lists the clients.
import { parseArgs } from 'node:util';
import {
  CLIENT_INFO,
  CONNECT_CLIENTS,
  type ConnectClient,
  clientSetup,
  isConnectClient,
} from '../../../shared/connect-snippets';
import type { ConnectGroup } from '../../../shared/contract-connect';
import { CliError, type InstanceClient } from './instance-client';

/** A usage mistake: cli.ts exits 2 for the parseArgs error codes, and this is one of that kind. */
class ConnectUsageError extends Error {
  readonly code = 'ERR_PARSE_ARGS_CONNECT_USAGE';
}

const USAGE = `usage: switchyard connect [CLIENT] [--key sk-…] [--model GROUP] [--test]   (clients: ${CONNECT_CLIENTS.join(', ')})`;

/** The group a client gets when none is named: for an agent, the first that does tool calls. */
export function defaultGroup(client: ConnectClient, groups: ConnectGroup[]): ConnectGroup | undefined {
  return (CLIENT_INFO[client].agent && groups.find((g) => g.toolCalls.state === 'yes')) || groups[0];
}

export async function connectCommand(
  client: InstanceClient,
  argv: string[],
  print: (line: string) => void,
): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      key: { type: 'string' },
      model: { type: 'string' },
      test: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return print(USAGE);
  if (positionals.length > 1) throw new ConnectUsageError(`one client at a time. ${USAGE}`);
  const name = positionals[0];
  if (!name) {
    print(['CLIENT', 'NAME', 'SPEAKS'].join('\t'));
    for (const id of CONNECT_CLIENTS) print([id, CLIENT_INFO[id].name, CLIENT_INFO[id].dialect].join('\t'));
    print('# `switchyard connect CLIENT` prints its setup for this gateway.');
    return;
  }
  if (!isConnectClient(name))
    throw new ConnectUsageError(`unknown client "${name}": one of ${CONNECT_CLIENTS.join(', ')}.`);
  if (values.key !== undefined && !values.key.startsWith('sk-'))
    throw new ConnectUsageError(`--key takes a Switchyard key (sk-…), got "${values.key.slice(0, 12)}"`);

  const setup = await client.call('connect.setup', {});
  const group = values.model ? setup.groups.find((g) => g.name === values.model) : defaultGroup(name, setup.groups);
  const model = values.model ?? group?.name;
  if (!model)
    throw new CliError(
      'This Switchyard has no model groups yet: deploy a model or add a provider, then run this again.',
    );

  const {
    client: info,
    snippets,
    notes,
  } = clientSetup(name, {
    gatewayUrl: setup.gatewayUrl,
    key: values.key ?? null,
    model,
    toolCalls: group?.toolCalls.state === 'yes',
  });
  print(`# ${info.name}: ${info.summary}`);
  if (!group)
    print(`# warning: no model group is named ${model} here (${setup.groups.map((g) => g.name).join(', ')}).`);
  else if (info.agent && group.toolCalls.state !== 'yes')
    print(
      `# warning: ${model} ${group.toolCalls.state === 'no' ? 'will not do tool calls' : 'may not do tool calls'}. ${group.toolCalls.reason}`,
    );
  for (const note of [...notes, ...(setup.lanNote ? [setup.lanNote] : [])]) print(`# note: ${note}`);
  for (const s of snippets) {
    print('');
    print(`# ${s.title}${s.file ? ` (${s.file})` : ''}`);
    print(s.text);
  }
  if (!values.test) return;
  const result = await client.call('connect.test', { client: name, group: model });
  print('');
  print(
    `# test: ${result.request} → ${result.status ?? 'no answer'}${result.deployment ? ` from ${result.deployment}` : ''} in ${Math.round(result.latencyMs)} ms`,
  );
  print(`# ${result.ok ? 'answer' : 'error'}: ${result.ok ? result.answer : result.error}`);
  if (!result.ok) throw new CliError(`the ${info.name} test failed: ${result.error}`);
}
