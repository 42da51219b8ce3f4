// export.kubernetes through the admin dispatcher and `switchyard export --format k8s|production-stack`,
// against a real SQLite store holding deployments as the Deploy page records them.
import { describe, expect, it } from 'vitest';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { parseAllDocuments } from 'yaml';
import type { BridgeReply, CallInput, CallName, CallResult } from '../../shared/contract';
import type { CoreContext } from '../../electron/core/api/context';
import { createHandlers } from '../../electron/core/api';
import { dispatch } from '../../electron/core/api/dispatch';
import { ChangeNotice } from '../../electron/core/changes';
import { DeploymentService } from '../../electron/core/docker/service';
import { EventBus } from '../../electron/core/events';
import { loadDataKey, secretBox } from '../../electron/core/secrets';
import { configCommand } from '../../electron/core/commands/config-command';
import { CliError } from '../../electron/core/commands/instance-client';
import { DeploymentSpec } from '../../shared/deployment-schemas';
import { useTempStores } from '../support/temp-store';

const { tempDir, openStore } = useTempStores('export');

function setup() {
  const dataDir = tempDir();
  const store = openStore(dataDir);
  const now = Date.now();
  const tp = DeploymentSpec.parse({
    name: 'llama-70b',
    model: 'meta-llama/Llama-3.3-70B-Instruct',
    gpus: { kind: 'indices', indices: [0, 1] },
    engineArgs: ['--tensor-parallel-size', '2'],
  });
  store.deployments.insert(tp, 'meta-llama/Llama-3.3-70B-Instruct', 8001, now);
  store.deployments.insert(
    DeploymentSpec.parse({ name: 'qwen', model: 'Qwen/Qwen3-0.6B' }),
    'Qwen/Qwen3-0.6B',
    8002,
    now,
  );
  const events = new EventBus();
  const changes = new ChangeNotice(store, events, () => {});
  const clock = { now: () => Date.now() };
  const ctx = {
    store,
    events,
    changes,
    clock,
    secrets: secretBox(loadDataKey(dataDir)),
    dataDir,
    shell: 'headless',
  } as unknown as CoreContext;
  // The whole handler set, as the bridges use it; the deployment service never reaches Docker here.
  const handlers = createHandlers(ctx, new DeploymentService({ store, events, changes, clock }));
  const reply = async <N extends CallName>(name: N, input: CallInput<N>) =>
    (await dispatch(handlers, name, input)) as BridgeReply<CallResult<N>>;
  const client = {
    gatewayUrl: 'http://127.0.0.1:4000',
    async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>> {
      const r = await reply(name, input);
      if (!r.ok) throw new CliError(r.error.message);
      return r.result;
    },
  };
  return { store, reply, client };
}

describe('export.kubernetes', () => {
  it('exports every deployment and the gateway, each Deployment valid against the Kubernetes schema', async () => {
    const { reply } = setup();
    const r = await reply('export.kubernetes', { format: 'k8s', namespace: 'llm', gatewayReplicas: 3 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.result.deployments).toEqual(['llama-70b', 'qwen']);
    expect(r.result.secrets.map((s) => s.name)).toEqual([
      'switchyard-hf-token',
      'switchyard-engine-keys',
      'switchyard-gateway',
    ]);
    const objects = parseAllDocuments(r.result.yaml).map((d) => d.toJS());
    const deployments = objects.filter((o) => o.kind === 'Deployment');
    for (const d of deployments) new Deployment(d).validate();
    expect(deployments.map((d) => [d.metadata.name, d.metadata.namespace, d.spec.replicas])).toEqual([
      ['switchyard-llama-70b', 'llm', 1],
      ['switchyard-qwen', 'llm', 1],
      ['switchyard-redis', 'llm', 1],
      ['switchyard-gateway', 'llm', 3],
    ]);
  });

  it('one deployment without the gateway, as the card button asks', async () => {
    const { reply } = setup();
    const r = await reply('export.kubernetes', { format: 'k8s', deployments: ['qwen'], gatewayReplicas: 0 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.result.fileName).toBe('qwen.k8s.yaml');
    const kinds = parseAllDocuments(r.result.yaml).map((d) => `${d.toJS().kind}/${d.toJS().metadata.name}`);
    expect(kinds).toEqual([
      'PersistentVolumeClaim/switchyard-hf-cache',
      'Deployment/switchyard-qwen',
      'Service/switchyard-qwen',
    ]);
  });

  it('refuses an unknown deployment, a bad namespace and a bad quantity, saying what to give', async () => {
    const { reply } = setup();
    const unknown = await reply('export.kubernetes', { format: 'k8s', deployments: ['nope'] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(!unknown.ok && unknown.error.message).toContain('llama-70b, qwen');
    const ns = await reply('export.kubernetes', { format: 'k8s', namespace: 'Bad_NS' });
    expect(ns).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path: 'namespace' }] } });
    const q = await reply('export.kubernetes', { format: 'production-stack', hfCacheStorage: 'lots' });
    expect(!q.ok && q.error.message).toContain('100Gi');
  });

  it('switchyard export --format k8s and --format production-stack print the YAML; bad flags say the usage', async () => {
    const { client } = setup();
    let out = '';
    await configCommand(
      'export',
      client as never,
      ['--format', 'k8s', '--deployment', 'llama-70b', '--gateway-replicas', '2'],
      (t) => {
        out += t;
      },
    );
    expect(out).toContain('nvidia.com/gpu: 2');
    expect(out).toContain('name: switchyard-gateway');
    out = '';
    await configCommand('export', client as never, ['--format', 'production-stack'], (t) => {
      out += t;
    });
    expect(parseAllDocuments(out)[0].toJS().servingEngineSpec.modelSpec).toHaveLength(2);
    await expect(
      configCommand('export', client as never, ['--format', 'k8s', '--gateway-replicas', 'x'], () => {}),
    ).rejects.toThrow(/whole number/);
    await expect(configCommand('export', client as never, ['--format', 'helm'], () => {})).rejects.toThrow(
      /k8s\|production-stack/,
    );
  });
});
