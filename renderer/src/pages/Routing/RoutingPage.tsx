// Routing: the visual routing editor. Model groups, their targets (coloured by live state), weights,
// orders and fallback chains as a graph; every edit is checked by the core as it happens, the diff
// is shown before Apply, and Apply switches the gateway in one step. Undo/redo, auto-layout, the
// LiteLLM YAML equivalent, and import of a LiteLLM file by drop.
import '@xyflow/react/dist/style.css';
import '../../styles/routing.css';
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { LoadState } from '../../components/LoadState';
import { Notice } from '../../components/Notice';
import { Page, PageHeader } from '../../components/PageHeader';
import { useDebouncedCall } from '../../components/use-debounced-call';
import { errorMessage } from '../../lib/errors';
import { actions, useAppPick } from '../../store';
import { AliasForm } from './AliasForm';
import { ApplyDialog } from './ApplyDialog';
import { RoutingEditorContext } from './editor-context';
import { RoutingCanvas } from './RoutingCanvas';
import { SidePanel, type PanelTab } from './SidePanel';
import { addGroup } from './table-edits';
import { useLitellmDrop } from './use-litellm-drop';
import { useUndoKeys } from './use-undo-keys';

const LIVE_REFRESH_MS = 5_000;

export function RoutingPage() {
  const s = useAppPick((st) => ({
    applied: st.routingApplied,
    draft: st.routingDraft,
    live: st.routingLive,
    past: st.routingPast.length,
    future: st.routingFuture.length,
    changedElsewhere: st.routingChangedElsewhere,
  }));
  const [tab, setTab] = useState<PanelTab>('changes');
  const [layoutRequest, setLayoutRequest] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [applying, setApplying] = useState(false);
  const [applyOutcome, setApplyOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [aliasFormOpen, setAliasFormOpen] = useState(false);
  const drop = useLitellmDrop();
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void actions().loadRouting();
    const timer = setInterval(() => void actions().refreshRoutingLive(), LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  useUndoKeys(
    () => actions().undoRouting(),
    () => actions().redoRouting(),
  );

  const draftKey = s.draft ? JSON.stringify(s.draft) : null;
  const appliedKey = s.applied.data?.version ?? '';
  const validation = useDebouncedCall(draftKey, () => api.call('routing.validate', { table: s.draft! }), 150);
  const diff = useDebouncedCall(
    draftKey && `${draftKey}@${appliedKey}`,
    () => api.call('routing.diff', { table: s.draft! }),
    150,
  );
  const yaml = useDebouncedCall(
    tab === 'yaml' ? draftKey : null,
    () => api.call('routing.yaml', { table: s.draft! }),
    250,
  );
  const problems = useMemo(() => validation.data?.problems ?? [], [validation.data]);
  const changes = diff.data?.changes ?? null;
  const settled = !validation.loading && !diff.loading;
  const canApply = settled && problems.length === 0 && (changes?.length ?? 0) > 0;

  const editor = useMemo(() => ({ edit: actions().editRouting }), []);

  const apply = async () => {
    setApplying(true);
    try {
      const r = await actions().applyRouting();
      setApplyOutcome({
        ok: true,
        text: `Applied ${r.changes.length} change${r.changes.length === 1 ? '' : 's'}: the gateway now routes ${r.groups} group${r.groups === 1 ? '' : 's'} with this table.`,
      });
    } catch (err) {
      setApplyOutcome({ ok: false, text: errorMessage(err) });
    } finally {
      setApplying(false);
      setConfirming(false);
    }
  };

  return (
    <Page testId="page-routing">
      <div className="routing-editor" {...drop.handlers} data-testid="routing-editor">
        <PageHeader
          title="Routing"
          description="Model groups are the names clients ask for. Drag from a group's right handle to a target or another group (a fallback), or from its bottom handle to a group for prompts too long for it. Edit, check the changes, then apply."
        />
        <div className="rt-toolbar" role="toolbar" aria-label="Routing editor">
          <Button
            size="sm"
            onClick={() => actions().editRouting((t) => addGroup(t))}
            disabled={!s.draft}
            testId="routing-add-group"
          >
            Add group
          </Button>
          <Button
            size="sm"
            onClick={() => setAliasFormOpen((o) => !o)}
            disabled={!s.draft?.groups.length}
            testId="routing-add-alias"
          >
            Add alias
          </Button>
          <span className="rt-toolbar-sep" />
          <Button
            size="sm"
            variant="ghost"
            onClick={() => actions().undoRouting()}
            disabled={s.past === 0}
            testId="routing-undo"
            title="Undo (Ctrl+Z)"
          >
            Undo
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => actions().redoRouting()}
            disabled={s.future === 0}
            testId="routing-redo"
            title="Redo (Ctrl+Shift+Z)"
          >
            Redo
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setLayoutRequest((n) => n + 1)} testId="routing-auto-layout">
            Auto-layout
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => fileInput.current?.click()}
            busy={drop.busy}
            testId="routing-import"
          >
            Import LiteLLM file
          </Button>
          <input
            ref={fileInput}
            type="file"
            accept=".yaml,.yml,text/yaml"
            hidden
            data-testid="routing-import-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void drop.importFile(file);
              e.target.value = '';
            }}
          />
          <span className="rt-toolbar-grow" />
          <span className="rt-status" data-testid="routing-status">
            {!s.draft
              ? 'Loading…'
              : !settled
                ? 'Checking…'
                : problems.length > 0
                  ? `${problems.length} problem${problems.length === 1 ? '' : 's'} to fix`
                  : changes?.length
                    ? `${changes.length} change${changes.length === 1 ? '' : 's'} not applied`
                    : 'Applied'}
          </span>
          <Button
            size="sm"
            variant="primary"
            disabled={!canApply}
            onClick={() => setConfirming(true)}
            testId="routing-apply"
          >
            Apply…
          </Button>
        </div>
        {aliasFormOpen && s.draft && <AliasForm table={s.draft} onDone={() => setAliasFormOpen(false)} />}
        {s.changedElsewhere && (
          <Notice tone="warn" title="The routing table was changed elsewhere" testId="routing-changed-elsewhere">
            Your draft still has your edits. Applying it replaces the other change; undo back to the start to see
            theirs.
          </Notice>
        )}
        {applyOutcome && (
          <Notice
            tone={applyOutcome.ok ? 'ok' : 'danger'}
            testId="routing-apply-outcome"
            action={
              <Button size="sm" variant="ghost" onClick={() => setApplyOutcome(null)}>
                Dismiss
              </Button>
            }
          >
            <span style={{ whiteSpace: 'pre-line' }}>{applyOutcome.text}</span>
          </Notice>
        )}
        {drop.outcome && (
          <Notice
            tone={drop.outcome.ok ? 'ok' : 'danger'}
            title={drop.outcome.title}
            testId="routing-import-outcome"
            action={
              <Button size="sm" variant="ghost" onClick={drop.dismiss}>
                Dismiss
              </Button>
            }
          >
            {drop.outcome.skipped.length > 0 && (
              <>
                <strong>Skipped (Switchyard cannot serve these entries; the rest was imported):</strong>
                <ul className="rt-import-lines" data-testid="routing-import-skipped">
                  {drop.outcome.skipped.map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                </ul>
              </>
            )}
            {drop.outcome.ignored.length > 0 && (
              <>
                <strong>Ignored litellm_settings (not implemented by the gateway):</strong>
                <ul className="rt-import-lines" data-testid="routing-import-ignored">
                  {drop.outcome.ignored.map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                </ul>
              </>
            )}
            {drop.outcome.lines.length > 0 && (
              <ul className="rt-import-lines">
                {drop.outcome.lines.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            )}
          </Notice>
        )}
        <LoadState value={s.applied} onRetry={() => void actions().loadRouting()} testId="routing">
          {() => (
            <div className="rt-workspace">
              <div className="rt-canvas" data-testid="routing-canvas">
                {s.draft && (
                  <RoutingEditorContext.Provider value={editor}>
                    <ReactFlowProvider>
                      <RoutingCanvas table={s.draft} live={s.live} problems={problems} layoutRequest={layoutRequest} />
                    </ReactFlowProvider>
                  </RoutingEditorContext.Provider>
                )}
                {s.draft && s.draft.groups.length === 0 && (
                  <div className="rt-empty" data-testid="routing-empty">
                    No model groups yet. Add one, or drop a LiteLLM <code>config.yaml</code> here.
                  </div>
                )}
                <Legend />
              </div>
              <SidePanel
                tab={tab}
                onTab={setTab}
                changes={changes}
                problems={problems}
                yaml={yaml.data?.yaml ?? null}
                yamlError={yaml.error ? errorMessage(yaml.error) : null}
              />
            </div>
          )}
        </LoadState>
        {drop.dragging && (
          <div className="rt-drop" data-testid="routing-drop-zone">
            Drop a LiteLLM config.yaml to import it
          </div>
        )}
      </div>
      {confirming && changes && (
        <ApplyDialog
          changes={changes}
          busy={applying}
          onConfirm={() => void apply()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </Page>
  );
}

function Legend() {
  return (
    <div className="rt-legend" role="group" aria-label="Legend">
      {(['ready', 'loading', 'asleep', 'cooldown', 'down'] as const).map((st) => (
        <span key={st} className={`rt-legend-item rt-state-${st}`}>
          <span className="rt-state-dot" />
          {st === 'cooldown' ? 'cooling down' : st}
        </span>
      ))}
      <span className="rt-legend-item">
        <span className="rt-legend-line" />
        fallback
      </span>
      <span className="rt-legend-item">
        <span className="rt-legend-line is-cw" />
        long prompt
      </span>
    </div>
  );
}
