// The conversations kept in SQLite, newest first: open, rename, delete, export as JSON.
import { useState } from 'react';
import { Button } from '../../components/Button';
import { errorMessage } from '../../lib/errors';
import { actions, useAppPick } from '../../store';
import { downloadBlob } from '../Logs/download';
import { api } from '../../api/client';

export function ConversationList() {
  const { saved, currentId, targets } = useAppPick((s) => ({
    saved: s.conversations.data,
    currentId: s.conversation.id,
    targets: s.conversation.targets,
  }));
  const list = saved ?? [];
  const [renaming, setRenaming] = useState<{ id: string; title: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const run = (work: () => Promise<void>) =>
    work().catch((err) => {
      setProblem(errorMessage(err));
    });
  const exportJson = async (id: string) => {
    const c = await api.call('conversations.get', { id });
    const blob = new Blob([JSON.stringify(c, null, 2)], { type: 'application/json' });
    downloadBlob(`switchyard-conversation-${id.slice(0, 8)}.json`, blob);
  };
  return (
    <nav className="pg-list" data-testid="pg-conversations" aria-label="Conversations">
      <Button
        variant="primary"
        size="sm"
        onClick={() => actions().startConversation(targets)}
        testId="pg-new-conversation"
      >
        New conversation
      </Button>
      {problem && <p className="pg-error">{problem}</p>}
      <ul>
        {list.map((c) => (
          <li key={c.id} className={c.id === currentId ? 'is-current' : ''} data-testid="pg-conversation">
            {renaming?.id === c.id ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void run(() => actions().renameConversation(c.id, renaming.title));
                  setRenaming(null);
                }}
              >
                <input
                  className="input"
                  value={renaming.title}
                  autoFocus
                  data-testid="pg-rename-input"
                  onChange={(e) => setRenaming({ id: c.id, title: e.target.value })}
                  onBlur={() => setRenaming(null)}
                />
              </form>
            ) : (
              <button
                type="button"
                className="pg-list-title"
                data-testid="pg-conversation-open"
                onClick={() => void actions().openConversation(c.id)}
              >
                {c.title}
              </button>
            )}
            <span className="pg-list-actions">
              <button
                type="button"
                className="link-button"
                data-testid="pg-conversation-rename"
                onClick={() => setRenaming({ id: c.id, title: c.title })}
              >
                Rename
              </button>
              <button
                type="button"
                className="link-button"
                data-testid="pg-conversation-export"
                onClick={() => void run(() => exportJson(c.id))}
              >
                JSON
              </button>
              <button
                type="button"
                className="link-button danger"
                data-testid="pg-conversation-delete"
                onClick={() => void run(() => actions().removeConversation(c.id))}
              >
                Delete
              </button>
            </span>
          </li>
        ))}
      </ul>
      {list.length === 0 && <p className="faint">Conversations are kept here once answered.</p>}
    </nav>
  );
}
