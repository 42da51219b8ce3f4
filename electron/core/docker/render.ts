// The same DeploymentPlan rendered for people: an equivalent `docker run` line and a compose
// snippet. Secrets are redacted by default: `-e HF_TOKEN` takes the value from the shell that runs
// the line, and compose reads `${HF_TOKEN}` from its environment.
import YAML from 'yaml';
import type { DeploymentPlan } from './plan';
import { ENGINE_PORT } from './plan';

export interface RenderOptions {
  /** Show secret values instead of referring to the environment (never for display). */
  revealSecrets?: boolean;
}

/** POSIX shell quoting: bare when safe, else single quotes with embedded ones escaped. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_./:=@%+,-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

function splitEnv(entry: string): [string, string] {
  const i = entry.indexOf('=');
  return [entry.slice(0, i), entry.slice(i + 1)];
}

function gpuFlag(plan: DeploymentPlan): string | null {
  const req = plan.create.HostConfig?.DeviceRequests?.[0];
  if (!req) return null;
  if (req.Count === -1) return 'all';
  return `"device=${(req.DeviceIDs ?? []).join(',')}"`;
}

function restartFlag(plan: DeploymentPlan): string | null {
  const r = plan.create.HostConfig?.RestartPolicy;
  if (!r?.Name) return null;
  return r.Name === 'on-failure' && r.MaximumRetryCount ? `on-failure:${r.MaximumRetryCount}` : r.Name;
}

/** One `docker run` command, continued over lines with backslashes. */
export function dockerRunLine(plan: DeploymentPlan, options: RenderOptions = {}): string {
  const hc = plan.create.HostConfig ?? {};
  const parts: string[][] = [['docker', 'run', '-d', '--name', plan.containerName]];
  const gpus = gpuFlag(plan);
  if (gpus) parts.push(['--gpus', gpus]);
  parts.push(hc.IpcMode === 'host' ? ['--ipc=host'] : [`--shm-size=${hc.ShmSize ?? 0}b`]);
  for (const [containerPort, bindings] of Object.entries(hc.PortBindings ?? {})) {
    for (const b of bindings as { HostIp: string; HostPort: string }[])
      parts.push(['-p', `${b.HostIp}:${b.HostPort}:${containerPort.split('/')[0]}`]);
  }
  for (const bind of hc.Binds ?? []) parts.push(['-v', bind]);
  for (const entry of plan.create.Env ?? []) {
    const [key] = splitEnv(entry);
    parts.push(['-e', plan.secretEnv.includes(key) && !options.revealSecrets ? key : entry]);
  }
  const restart = restartFlag(plan);
  if (restart) parts.push(['--restart', restart]);
  for (const [k, v] of Object.entries(plan.create.Labels ?? {})) parts.push(['--label', `${k}=${v}`]);
  const h = plan.healthcheck;
  parts.push(['--health-cmd', h.test.slice(1).map(shellQuote).join(' ')]);
  parts.push([
    '--health-interval',
    `${h.intervalS}s`,
    '--health-timeout',
    `${h.timeoutS}s`,
    '--health-retries',
    String(h.retries),
    '--health-start-period',
    `${h.startPeriodS}s`,
  ]);
  parts.push([plan.image, ...(plan.create.Cmd ?? [])]);
  return parts.map((p) => p.map(shellQuote).join(' ')).join(' \\\n  ');
}

/** A docker compose file with this one service and its named volumes. */
export function composeSnippet(plan: DeploymentPlan, options: RenderOptions = {}): string {
  const hc = plan.create.HostConfig ?? {};
  const environment: Record<string, string> = {};
  for (const entry of plan.create.Env ?? []) {
    const [key, value] = splitEnv(entry);
    environment[key] = plan.secretEnv.includes(key) && !options.revealSecrets ? `\${${key}}` : value;
  }
  const req = hc.DeviceRequests?.[0];
  const service: Record<string, unknown> = {
    image: plan.image,
    container_name: plan.containerName,
    command: plan.create.Cmd,
    ...(hc.IpcMode === 'host' ? { ipc: 'host' } : { shm_size: `${hc.ShmSize}b` }),
    ports: Object.values(hc.PortBindings ?? {}).flatMap((bs) =>
      (bs as { HostIp: string; HostPort: string }[]).map((b) => `${b.HostIp}:${b.HostPort}:${ENGINE_PORT}`),
    ),
    volumes: hc.Binds,
    ...(Object.keys(environment).length ? { environment } : {}),
    ...(restartFlag(plan) ? { restart: restartFlag(plan) } : {}),
    labels: plan.create.Labels,
    healthcheck: {
      test: plan.healthcheck.test,
      interval: `${plan.healthcheck.intervalS}s`,
      timeout: `${plan.healthcheck.timeoutS}s`,
      retries: plan.healthcheck.retries,
      start_period: `${plan.healthcheck.startPeriodS}s`,
    },
    ...(req
      ? {
          deploy: {
            resources: {
              reservations: {
                devices: [
                  req.Count === -1
                    ? { driver: 'nvidia', count: 'all', capabilities: ['gpu'] }
                    : { driver: 'nvidia', device_ids: req.DeviceIDs, capabilities: ['gpu'] },
                ],
              },
            },
          },
        }
      : {}),
  };
  const volumes = Object.fromEntries(plan.volumes.map((v) => [v.name, { name: v.name, labels: v.labels }]));
  return YAML.stringify({ services: { [plan.name]: service }, volumes }, { lineWidth: 0 });
}
