// Logs: every gateway request in the log, newest first — filtered, searched, paged by keyset, one
// row open in a drawer, and the filtered log exported as CSV or JSON Lines. The filter is the
// page's URL, so the Spend and Performance charts, the budget banner and the Playground link here.
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { LogExportFormat, LogFilter } from '../../../../shared/contract-logs';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { LogsIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { Page, PageHeader } from '../../components/PageHeader';
import { CaptureSettingsPanel } from './CaptureSettingsPanel';
import { downloadBlob } from './download';
import { errorMessage } from '../../lib/errors';
import { actions, useAppPick } from '../../store';
import { exportFilename, filterFromParams, paramsOfFilter } from './log-filter';
import { LogDrawer } from './LogDrawer';
import { LogFilters } from './LogFilters';
import { LogTable } from './LogTable';
import '../../styles/logs.css';

export function LogsPage() {
  const [params, setParams] = useSearchParams();
  const query = params.toString();
  const filter = useMemo(() => filterFromParams(new URLSearchParams(query)), [query]);
  const { rows, cursor, loading, error, selected, loadedFilter } = useAppPick((s) => ({
    loadedFilter: s.logFilter,
    rows: s.logRows,
    cursor: s.logCursor,
    loading: s.logLoading,
    error: s.logError,
    selected: s.logDetail.seq,
  }));
  const [exporting, setExporting] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const [captureOpen, setCaptureOpen] = useState(false);

  useEffect(() => {
    void actions().loadKeys();
    void actions().loadTeams();
    void actions().loadModelGroups();
  }, []);
  useEffect(() => {
    void actions().loadLogs(filter);
  }, [filter]);
  // A link may name a row to open (?open=<seq>), e.g. from a Playground answer.
  const open = Number(new URLSearchParams(query).get('open'));
  useEffect(() => {
    if (Number.isInteger(open) && open > 0) void actions().openLogRow(open);
  }, [open]);

  const onFilter = (next: LogFilter) => setParams(paramsOfFilter(next));
  const exportAs = async (format: LogExportFormat) => {
    setExporting(format);
    setExportError(null);
    try {
      const { blob } = await actions().exportLogs(format, (n) => setExporting(`${format} ${n.toLocaleString()} rows`));
      downloadBlob(exportFilename(format, Date.now()), blob);
    } catch (err) {
      setExportError(errorMessage(err));
    } finally {
      setExporting(null);
    }
  };

  return (
    <Page testId="page-logs">
      <PageHeader
        title="Logs"
        description="Every request the gateway served or refused, newest first. Click a row for its detail."
        actions={
          <>
            <Button busy={exporting?.startsWith('csv')} onClick={() => void exportAs('csv')} testId="logs-export-csv">
              Export CSV
            </Button>
            <Button
              busy={exporting?.startsWith('jsonl')}
              onClick={() => void exportAs('jsonl')}
              testId="logs-export-jsonl"
            >
              Export JSON Lines
            </Button>
            <Button variant="ghost" onClick={() => void actions().loadLogs(filter)} testId="logs-refresh">
              Refresh
            </Button>
            <Button variant="ghost" onClick={() => setCaptureOpen((o) => !o)} testId="logs-capture">
              Body capture
            </Button>
          </>
        }
      />
      {captureOpen && <CaptureSettingsPanel onClose={() => setCaptureOpen(false)} />}
      <LogFilters filter={filter} onChange={onFilter} />
      {exportError && (
        <Notice tone="danger" title="Could not export" testId="logs-export-error">
          {exportError}
        </Notice>
      )}
      {error && (
        <Notice tone="danger" title="Could not read the log" testId="logs-error">
          {error}
        </Notice>
      )}
      <div
        className={`logs-body${selected !== null ? ' has-drawer' : ''}`}
        data-testid="logs-body"
        data-filter={paramsOfFilter(loadedFilter).toString()}
        data-loading={loading}
      >
        {rows.length === 0 && !loading && !error ? (
          <EmptyState icon={<LogsIcon />} title="No requests match" testId="logs-empty">
            Widen the time range or clear a filter. Requests appear here as the gateway logs them.
          </EmptyState>
        ) : (
          <LogTable
            rows={rows}
            selectedSeq={selected}
            hasMore={cursor !== null}
            loading={loading}
            onOpen={(seq) => void actions().openLogRow(seq)}
            onNearEnd={() => void actions().loadMoreLogs()}
          />
        )}
        <LogDrawer />
      </div>
      <p className="faint" data-testid="logs-count">
        {rows.length.toLocaleString()} row{rows.length === 1 ? '' : 's'} loaded
        {cursor ? ' — scroll for more' : rows.length ? ' — all of them' : ''}
      </p>
    </Page>
  );
}
