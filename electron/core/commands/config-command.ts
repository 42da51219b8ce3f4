// `switchyard import FILE` and `switchyard export --format litellm|k8s|production-stack`.
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
    options: {
      format: { type: 'string' },
      'include-secrets': { type: 'boolean' },
      deployment: { type: 'string', multiple: true },
      namespace: { type: 'string' },
      'gateway-replicas': { type: 'string' },
      'admin-url': { type: 'string' },
      'hf-cache-storage': { type: 'string' },
    },
  });
  if (values.format === 'k8s' || values.format === 'production-stack') {
    const replicas = values['gateway-replicas'];
    if (replicas !== undefined && !/^\d+$/.test(replicas))
      throw new CliError('--gateway-replicas needs a whole number (0 leaves the gateway out)');
    const result = await client.call('export.kubernetes', {
      format: values.format,
      ...(values.deployment ? { deployments: values.deployment } : {}),
      ...(values.namespace ? { namespace: values.namespace } : {}),
      ...(replicas !== undefined ? { gatewayReplicas: Number(replicas) } : {}),
      ...(values['admin-url'] ? { adminUrl: values['admin-url'] } : {}),
      ...(values['hf-cache-storage'] ? { hfCacheStorage: values['hf-cache-storage'] } : {}),
    });
    write(result.yaml);
    return;
  }
  if (values.format === 'compose')
    throw new CliError('--format compose is not available in this version yet; use --format litellm.');
  if (values.format !== 'litellm')
    throw new CliError(
      'usage: switchyard export --format litellm [--include-secrets] | --format k8s|production-stack [--deployment NAME]… [--namespace NS] [--gateway-replicas N] [--admin-url URL] [--hf-cache-storage 100Gi]',
    );
  write((await client.call('config.exportLitellm', { includeSecrets: values['include-secrets'] ?? false })).yaml);
}
