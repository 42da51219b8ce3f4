// How CLI commands reach the running instance: its admin URL and token from instance.json in the
// data dir (like the docker CLI finds dockerd), then the same contract calls the UI makes.
import type { CallInput, CallName, CallResult } from '../../../shared/contract';
import { readInstance } from '../instance-file';

export class CliError extends Error {}

export interface InstanceClient {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>>;
  gatewayUrl: string;
}

export function connectToInstance(dataDir: string): InstanceClient {
  const info = readInstance(dataDir);
  if (!info)
    throw new CliError(
      `No running Switchyard found for ${dataDir}: start one with \`switchyard serve\` (or pass the same --data-dir it uses).`,
    );
  return {
    gatewayUrl: info.gatewayUrl,
    async call(name, input) {
      let res: Response;
      try {
        res = await fetch(`${info.adminUrl}/api/${name}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${info.adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(input),
        });
      } catch (err) {
        throw new CliError(
          `Switchyard at ${info.adminUrl} did not answer (${(err as Error).message}): is it still running?`,
        );
      }
      const body = (await res.json()) as { result?: unknown; error?: { message: string } };
      if (!res.ok) throw new CliError(body.error?.message ?? `HTTP ${res.status}`);
      return body.result as CallResult<typeof name>;
    },
  };
}
