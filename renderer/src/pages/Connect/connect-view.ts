// What the Connect page shows, decided without React: which key the snippets carry, the model
// group a client starts on, and the tool-call warning an agent client gets.
import { CLIENT_INFO, type ConnectClient } from '../../../../shared/connect-snippets';
import type { ConnectGroup } from '../../../../shared/contract-connect';
import type { VirtualKey } from '../../lib/types';

/** A key made on this page, held only while the page shows it (it is never shown again). */
export interface CreatedKey {
  id: string;
  key: string;
}

/** The keys a client can be given: neither revoked nor expired, newest first. */
export const usableKeys = (keys: VirtualKey[], now: number): VirtualKey[] =>
  keys.filter((k) => !k.revokedAt && !(k.expiresAt && Date.parse(k.expiresAt) <= now));

export const keyLabel = (k: VirtualKey) => (k.alias ? `${k.alias} · ${k.prefix}` : k.prefix);

/** The whole key when it was just made here, else the chosen key's prefix, else none. */
export function snippetKey(keyId: string, keys: VirtualKey[], created: CreatedKey | null): string | null {
  if (!keyId) return null;
  if (created?.id === keyId) return created.key;
  return keys.find((k) => k.id === keyId)?.prefix ?? null;
}

/** The group to start on: the one chosen, if it still exists; for an agent, the first that does tool calls. */
export function chosenGroup(client: ConnectClient, chosen: string | null, groups: ConnectGroup[]): ConnectGroup | null {
  const named = chosen ? groups.find((g) => g.name === chosen) : undefined;
  if (named) return named;
  return (CLIENT_INFO[client].agent && groups.find((g) => g.toolCalls.state === 'yes')) || groups[0] || null;
}

export interface ToolWarning {
  tone: 'warn' | 'info';
  title: string;
  text: string;
}

/** An agent sends tools with every request: say so when the group's targets will not (or may not) take them. */
export function toolWarning(client: ConnectClient, group: ConnectGroup | null): ToolWarning | null {
  if (!group || !CLIENT_INFO[client].agent || group.toolCalls.state === 'yes') return null;
  const name = CLIENT_INFO[client].name;
  if (group.toolCalls.state === 'no')
    return {
      tone: 'warn',
      title: `${group.name} will not do tool calls: ${name} fails on it`,
      text: group.toolCalls.reason,
    };
  return {
    tone: 'info',
    title: `Switchyard cannot tell whether ${group.name} does tool calls`,
    text: `${group.toolCalls.reason}`,
  };
}
