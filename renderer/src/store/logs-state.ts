// The Logs and Playground slices' shapes, in a module of their own so state.ts can combine them
// without importing the slices (which read the whole state through get()).
import type { ConversationSummary } from '../../../shared/contract-playground';
import type { LogDetail, LogExportFormat, LogFilter, LogRow } from '../../../shared/contract-logs';
import type { Loadable } from './loadable';
import type { PlaygroundConversation } from './playground-model';

export interface LogsSlice {
  logFilter: LogFilter;
  logRows: LogRow[];
  /** Where the next page starts; null when the last page is loaded. */
  logCursor: { at: number; seq: number } | null;
  logLoading: boolean;
  logError: string | null;
  logDetail: Loadable<LogDetail> & { seq: number | null };
  /** Loads the first page of `filter` (the page's URL). */
  loadLogs: (filter: LogFilter) => Promise<void>;
  loadMoreLogs: () => Promise<void>;
  openLogRow: (seq: number) => Promise<void>;
  closeLogRow: () => void;
  /** The filtered log as one file, fetched page by page; `onProgress` gets the rows so far. */
  exportLogs: (format: LogExportFormat, onProgress?: (rows: number) => void) => Promise<{ blob: Blob; rows: number }>;
}

export interface PlaygroundSlice {
  conversation: PlaygroundConversation;
  conversations: Loadable<ConversationSummary[]>;
  playgroundError: string | null;
  setConversation: (update: (c: PlaygroundConversation) => PlaygroundConversation) => void;
  /** The key the Playground sends as: '' for its own, or a virtual key typed on the page (memory only, never saved). */
  playgroundKey: string;
  setPlaygroundKey: (key: string) => void;
  /** Sends `text` (and any images) as the next user turn to every target of the conversation. */
  sendTurn: (text: string, images?: string[]) => Promise<void>;
  stopAll: () => Promise<void>;
  loadConversations: () => Promise<void>;
  openConversation: (id: string) => Promise<void>;
  startConversation: (targets: string[]) => void;
  renameConversation: (id: string, title: string) => Promise<void>;
  removeConversation: (id: string) => Promise<void>;
  saveConversation: () => Promise<void>;
}
