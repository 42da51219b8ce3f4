// `switchyard import FILE` and `switchyard export --format litellm|compose`.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliError, type InstanceClient } from './instance-client';

export async function configCommand(
  command: 'import' | 'export',
  client: InstanceClient,
  argv: string[],
  write: (text: string) => void,
): Promise<void> {
  if (command === 'import') {
    if (argv.length !== 1) throw new CliError('usage: switchyard import FILE (a LiteLLM config.yaml)');
    const result = await client.call('config.importLitellm', { path: resolve(argv[0]) });
    for (const warning of result.warnings) write(`warning: ${warning}\n`);
    write(
      `imported ${result.groups} model groups, ${result.endpoints} endpoints, ${result.aliases} aliases${result.masterKeySet ? '; master key set' : ''}\n`,
    );
    return;
  }
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { format: { type: 'string' }, 'include-secrets': { type: 'boolean' } },
  });
  if (values.format === 'compose')
    throw new CliError('--format compose is not available in this version yet; use --format litellm.');
  if (values.format !== 'litellm') throw new CliError('usage: switchyard export --format litellm [--include-secrets]');
  write((await client.call('config.exportLitellm', { includeSecrets: values['include-secrets'] ?? false })).yaml);
}
