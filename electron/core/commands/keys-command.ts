// `switchyard keys create | list | revoke KEY | block KEY | unblock KEY`: virtual keys of the running instance.
import { parseArgs } from 'node:util';
import { parseDuration } from '../../../shared/durations';
import { CliError, type InstanceClient } from './instance-client';

const money = (usd: number | null) => (usd == null ? '—' : `$${usd.toFixed(2)}`);

export async function keysCommand(
  client: InstanceClient,
  argv: string[],
  print: (line: string) => void,
): Promise<void> {
  const [action, ...rest] = argv;
  switch (action) {
    case 'create': {
      const { values } = parseArgs({
        args: rest,
        strict: true,
        options: {
          alias: { type: 'string' },
          budget: { type: 'string' },
          'budget-duration': { type: 'string' },
          models: { type: 'string' },
          rpm: { type: 'string' },
          tpm: { type: 'string' },
        },
      });
      const number = (flag: string, v: string | undefined) => {
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0) throw new CliError(`--${flag} must be a positive number, got "${v}"`);
        return n;
      };
      const budgetDuration = values['budget-duration'];
      if (budgetDuration !== undefined) {
        const parsed = parseDuration(budgetDuration);
        if (!parsed.ok) throw new CliError(`--budget-duration: ${parsed.message}`);
      }
      const { key, info } = await client.call('keys.create', {
        alias: values.alias,
        maxBudgetUsd: number('budget', values.budget),
        budgetDuration,
        models: values.models
          ? values.models
              .split(',')
              .map((m) => m.trim())
              .filter(Boolean)
          : [],
        rpmLimit: number('rpm', values.rpm),
        tpmLimit: number('tpm', values.tpm),
      });
      print(key);
      print(`# ${info.alias ?? 'key'} created: shown once, stored only as a hash (${info.prefix})`);
      return;
    }
    case 'list': {
      const keys = await client.call('keys.list', {});
      print(['ID', 'PREFIX', 'ALIAS', 'MODELS', 'SPEND', 'BUDGET', 'STATUS'].join('\t'));
      for (const k of keys) {
        print(
          [
            k.id,
            k.prefix,
            k.alias ?? '',
            k.models.join(',') || 'all',
            money(k.spendUsd),
            money(k.maxBudgetUsd),
            k.revokedAt ? 'revoked' : k.blocked ? 'blocked' : 'active',
          ].join('\t'),
        );
      }
      return;
    }
    case 'revoke': {
      if (!rest[0]) throw new CliError('usage: switchyard keys revoke KEY (the key itself or its id)');
      const revoked = await client.call('keys.revoke', { id: rest[0] });
      print(`revoked ${revoked.prefix}${revoked.alias ? ` (${revoked.alias})` : ''}`);
      return;
    }
    case 'block':
    case 'unblock': {
      if (!rest[0]) throw new CliError(`usage: switchyard keys ${action} KEY (the key itself or its id)`);
      const key = await client.call('keys.setBlocked', { id: rest[0], blocked: action === 'block' });
      print(`${action}ed ${key.prefix}${key.alias ? ` (${key.alias})` : ''}`);
      return;
    }
    default:
      throw new CliError(
        'usage: switchyard keys create [--alias A] [--budget USD] [--budget-duration 30d] [--models a,b] [--rpm N] [--tpm N] | list | revoke KEY | block KEY | unblock KEY',
      );
  }
}
