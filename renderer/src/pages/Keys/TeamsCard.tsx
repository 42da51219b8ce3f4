// Teams: a budget and rate limits shared by every key in the team. Create one, see its spend
// against its budget with the reset date, change its budget, remove it once no key names it.
import { useState, type FormEvent } from 'react';
import type { Team } from '../../../../shared/contract-access';
import { BudgetMeter } from '../../components/BudgetMeter';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Field } from '../../components/Field';
import { PlusIcon, TeamIcon, TrashIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { useNow } from '../../components/use-now';
import { useRowAction } from '../../components/use-row-action';
import { formErrors } from '../../lib/errors';
import { actions } from '../../store';
import { limitsSummary } from './key-view';
import { emptyTeamForm, parseTeamForm, teamFormFields, type TeamForm, type TeamFormField } from './team-form';

export function TeamsCard({ teams }: { teams: Team[] }) {
  const now = useNow(10_000);
  const [form, setForm] = useState<TeamForm>(emptyTeamForm);
  const [errors, setErrors] = useState<Partial<Record<TeamFormField, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { busyId, error: removeError, run: remove } = useRowAction((id) => actions().removeTeam(id));

  const set = (field: TeamFormField) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { input, errors: local } = parseTeamForm(form);
    setErrors(local);
    setMessage(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      await actions().createTeam(input);
      setForm(emptyTeamForm);
    } catch (err) {
      const split = formErrors(err, teamFormFields);
      setErrors(split.fields);
      setMessage(split.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title="Teams"
      subtitle="A budget and limits shared by every key of the team, on top of each key's own"
      icon={<TeamIcon />}
      testId="teams"
    >
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field
            label="Team name"
            testId="teams-create-alias"
            value={form.alias}
            onChange={set('alias')}
            error={errors.alias}
            placeholder="e.g. search, research"
            autoComplete="off"
          />
          <Field
            label="Budget"
            testId="teams-create-budget"
            value={form.maxBudgetUsd}
            onChange={set('maxBudgetUsd')}
            error={errors.maxBudgetUsd}
            inputMode="decimal"
            suffix="USD"
            placeholder="no limit"
          />
          <Field
            label="Budget resets every"
            testId="teams-create-budget-duration"
            value={form.budgetDuration}
            onChange={set('budgetDuration')}
            error={errors.budgetDuration}
            placeholder="never"
            hint="30s, 1h, 1d, 7d, 30d or 1mo"
          />
          <Field
            label="Requests per minute"
            testId="teams-create-rpm"
            value={form.rpmLimit}
            onChange={set('rpmLimit')}
            error={errors.rpmLimit}
            inputMode="numeric"
            placeholder="no limit"
          />
          <Field
            label="Tokens per minute"
            testId="teams-create-tpm"
            value={form.tpmLimit}
            onChange={set('tpmLimit')}
            error={errors.tpmLimit}
            inputMode="numeric"
            placeholder="no limit"
          />
        </div>
        {message && (
          <Notice tone="danger" title="Team not created" testId="teams-create-error">
            {message}
          </Notice>
        )}
        <div className="form-actions">
          <Button type="submit" icon={<PlusIcon />} busy={busy} testId="teams-create-submit">
            Create team
          </Button>
        </div>
      </form>
      {removeError && (
        <Notice tone="danger" title="Team not removed" testId="teams-remove-error">
          {removeError}
        </Notice>
      )}
      {teams.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="teams-table">
            <thead>
              <tr>
                <th>Team</th>
                <th>Keys</th>
                <th>Spend / budget</th>
                <th>Limits</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {teams.map((team) => (
                <tr key={team.id} data-testid={`team-row-${team.id}`}>
                  <td className="cell-primary">{team.alias ?? team.id}</td>
                  <td>{team.keyCount}</td>
                  <td>
                    <BudgetMeter
                      spendUsd={team.spendUsd}
                      maxBudgetUsd={team.maxBudgetUsd}
                      period={team.budgetDuration}
                      resetAt={team.maxBudgetUsd !== null ? team.budgetResetAt : null}
                      exhausted={team.budgetExhausted}
                      now={now}
                      testId={`team-budget-${team.id}`}
                    />
                  </td>
                  <td className="nowrap">{limitsSummary(team)}</td>
                  <td className="cell-actions">
                    <ConfirmButton
                      label="Remove"
                      confirmLabel="Remove team"
                      icon={<TrashIcon />}
                      testId={`team-remove-${team.id}`}
                      busy={busyId === team.id}
                      onConfirm={() => remove(team.id)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
