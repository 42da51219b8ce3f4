// Dropping a LiteLLM config.yaml on the Routing page imports it (config.importLitellm): applied
// whole or not at all; a refused file comes back with each bad field and its line. Entries
// Switchyard cannot serve are left out, each shown with its line and reason.
import { useCallback, useState, type DragEvent } from 'react';
import { api, ApiCallError } from '../../api/client';
import { errorMessage } from '../../lib/errors';

export interface ImportOutcome {
  ok: boolean;
  title: string;
  lines: string[];
  /** Skipped model_list entries: `line 12: model_list[4] (vertex): provider "vertex_ai" is not supported…` */
  skipped: string[];
  /** litellm_settings the gateway does not implement. */
  ignored: string[];
}

export function useLitellmDrop() {
  const [dragging, setDragging] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [busy, setBusy] = useState(false);

  const importText = useCallback(async (name: string, yaml: string) => {
    setBusy(true);
    try {
      const r = await api.call('config.importLitellm', { yaml });
      setOutcome({
        ok: true,
        title: `Imported ${name}: ${r.groups} group${r.groups === 1 ? '' : 's'}, ${r.endpoints} endpoint${r.endpoints === 1 ? '' : 's'}, ${r.aliases} alias${r.aliases === 1 ? '' : 'es'}${r.skipped.length ? `; ${r.skipped.length} entr${r.skipped.length === 1 ? 'y' : 'ies'} skipped` : ''}`,
        lines: r.warnings,
        skipped: r.skipped.map(
          (s) => `${s.line !== null ? `line ${s.line}: ` : ''}model_list[${s.index}] (${s.modelName}): ${s.reason}`,
        ),
        ignored: r.ignoredSettings,
      });
    } catch (err) {
      const lines =
        err instanceof ApiCallError && err.fields?.length
          ? err.fields.map((f) => `${f.message} (${f.path})`)
          : [errorMessage(err)];
      setOutcome({ ok: false, title: `${name} was not imported (nothing changed)`, lines, skipped: [], ignored: [] });
    } finally {
      setBusy(false);
    }
  }, []);

  const importFile = useCallback(async (file: File) => importText(file.name, await file.text()), [importText]);

  const handlers = {
    onDragOver: (e: DragEvent) => {
      if (![...e.dataTransfer.types].includes('Files')) return;
      e.preventDefault();
      setDragging(true);
    },
    onDragLeave: (e: DragEvent) => {
      if (e.currentTarget === e.target || !e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop: (e: DragEvent) => {
      const file = e.dataTransfer.files[0];
      if (!file) return;
      e.preventDefault();
      setDragging(false);
      void importFile(file);
    },
  };
  return { dragging, outcome, busy, handlers, importFile, dismiss: () => setOutcome(null) };
}
