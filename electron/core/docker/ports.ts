// Finding a free host port for a new deployment: not published by any container on that engine
// (running or stopped, by their switchyard.host-port label), not claimed by another deployment,
// and, when the engine is this machine, actually bindable on 127.0.0.1 right now.
import { createServer } from 'node:net';
import type Docker from 'dockerode';
import { LABEL } from './plan';

export const PORT_RANGE: [number, number] = [8001, 8999];

/** True when nothing listens on 127.0.0.1:port (we could bind it). */
export function canBindLoopback(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Ports the engine's containers publish or have reserved through their labels. */
export async function portsInUse(docker: Docker): Promise<Set<number>> {
  const used = new Set<number>();
  for (const c of await docker.listContainers({ all: true })) {
    for (const p of c.Ports ?? []) if (p.PublicPort) used.add(p.PublicPort);
    const labelled = Number(c.Labels?.[LABEL.hostPort]);
    if (Number.isInteger(labelled) && labelled > 0) used.add(labelled);
  }
  return used;
}

export interface FreePortOptions {
  docker: Docker;
  /** The engine runs on this machine, so the port can be test-bound here. */
  local: boolean;
  /** Ports other deployments already claim (e.g. from SQLite). */
  exclude?: Iterable<number>;
  preferred?: number;
  range?: [number, number];
}

/** The preferred port if free, else the lowest free one in the range. Throws when none is. */
export async function findFreeHostPort(options: FreePortOptions): Promise<number> {
  const [from, to] = options.range ?? PORT_RANGE;
  const taken = await portsInUse(options.docker);
  for (const p of options.exclude ?? []) taken.add(p);
  const candidates = options.preferred ? [options.preferred, ...range(from, to)] : range(from, to);
  for (const port of candidates) {
    if (taken.has(port)) continue;
    if (options.local && !(await canBindLoopback(port))) continue;
    return port;
  }
  throw new Error(`No free host port between ${from} and ${to}: remove unused deployments or choose a port.`);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
