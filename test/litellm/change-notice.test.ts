// What the gateway tells the app after a management call: `keys` for keys, teams and users,
// `routing` for a model added or removed at run time (the core turns that into routing.changed, so
// the Routing page shows it), and nothing for reads.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGatewayServer, type GatewayServer } from '../../electron/core/gateway/server';
import { MASTER_KEY, type GatewayFixture } from '../support/gateway-fixture';
import { startLitellmGateway } from './support';

let f: GatewayFixture;
let watched: GatewayServer;
const told: Array<string | undefined> = [];

beforeAll(async () => {
  f = await startLitellmGateway();
  watched = await startGatewayServer(f.rt, '127.0.0.1', 0, { onKeysChanged: (change) => told.push(change) });
});
afterAll(async () => {
  await watched?.close();
  await f?.close();
});

const post = (path: string, body?: unknown) =>
  fetch(`${watched.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

it('announces keys, teams and users as keys, run-time models as routing, reads as nothing', async () => {
  expect((await post('/key/generate', { key_alias: 'told' })).status).toBe(200);
  expect((await post('/team/new', { team_alias: 'told-team' })).status).toBe(200);
  expect((await post('/user/new', { user_id: 'told-user' })).status).toBe(200);
  expect(told).toEqual(['keys', 'keys', 'keys']);
  await post('/key/list');
  await post('/model/info');
  await post('/spend/logs');
  expect(told).toHaveLength(3);
  const added = await post('/model/new', {
    model_name: 'told-group',
    litellm_params: { model: 'hosted_vllm/fast', api_base: `${f.sims.fast.url}/v1` },
  });
  expect(added.status).toBe(200);
  const { model_info } = (await added.json()) as { model_info: { id: string } };
  expect((await post('/model/delete', { id: model_info.id })).status).toBe(200);
  expect(told.slice(3)).toEqual(['routing', 'routing']);
});
