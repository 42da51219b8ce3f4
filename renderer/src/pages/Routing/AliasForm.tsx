// A small inline form: another name clients may send for a group.
import { useState } from 'react';
import type { ProposedTable } from '../../../../shared/contract-routing';
import { Button } from '../../components/Button';
import { actions } from '../../store';
import { setAlias } from './table-edits';

export function AliasForm({ table, onDone }: { table: ProposedTable; onDone: () => void }) {
  const [alias, setAliasName] = useState('');
  const [group, setGroup] = useState(table.groups[0]?.name ?? '');
  const add = () => {
    if (!alias.trim() || !group) return;
    actions().editRouting((t) => setAlias(t, alias, group));
    onDone();
  };
  return (
    <form
      className="rt-alias-form"
      data-testid="routing-alias-form"
      onSubmit={(e) => {
        e.preventDefault();
        add();
      }}
    >
      <label>
        Alias{' '}
        <input
          className="input"
          value={alias}
          placeholder="gpt-4o"
          onChange={(e) => setAliasName(e.target.value)}
          data-testid="routing-alias-name"
          autoFocus
        />
      </label>
      <label>
        for group
        <select
          className="select"
          value={group}
          onChange={(e) => setGroup(e.target.value)}
          data-testid="routing-alias-group"
        >
          {table.groups.map((g) => (
            <option key={g.name} value={g.name}>
              {g.name}
            </option>
          ))}
        </select>
      </label>
      <Button size="sm" type="submit" variant="primary" disabled={!alias.trim()} testId="routing-alias-save">
        Add
      </Button>
      <Button size="sm" variant="ghost" onClick={onDone}>
        Cancel
      </Button>
    </form>
  );
}
