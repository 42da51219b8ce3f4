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
    const usage =
      'usage: switchyard import FILE [--strict] (a LiteLLM config.yaml; --strict refuses it if any entry would be skipped)';
    const readArgs = () =>
      parseArgs({ args: argv, strict: true, allowPositionals: true, options: { strict: { type: 'boolean' } } });
    let parsed: ReturnType<typeof readArgs>;
    try {
      parsed = readArgs();
    } catch (err) {
      throw new CliError(`${(err as Error).message}\n${usage}`);
    }
    if (parsed.positionals.length !== 1) throw new CliError(usage);
    const result = await client.call('config.importLitellm', {
      path: resolve(parsed.positionals[0]),
      strict: parsed.values.strict ?? false,
    });
    for (const warning of result.warnings) write(`warning: ${warning}\n`);
    for (const s of result.skipped)
      write(
        `skipped: ${s.file ?? 'config.yaml'}${s.line !== null ? `:${s.line}` : ''} model_list[${s.index}] (model_name "${s.modelName}"): ${s.reason}\n`,
      );
    for (const key of result.ignoredSettings) write(`ignored: ${key}: not implemented by the gateway\n`);
    write(
      `imported ${result.groups} model groups, ${result.endpoints} endpoints, ${result.aliases} aliases${result.masterKeySet ? '; master key set' : ''}${result.skipped.length ? `; skipped ${result.skipped.length} model_list entr${result.skipped.length > 1 ? 'ies' : 'y'}` : ''}\n`,
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
