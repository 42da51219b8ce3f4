// Which key the Playground sends as: its own (the admin's, minted by the core and never shown), or a
// virtual key typed or pasted here, so that key's allowed models, limits and budget apply as they do
// for the app holding it. The typed key stays in memory: it is never saved with a conversation.
import { useState } from 'react';
import { actions, useAppStore } from '../../store';

export function KeyPicker() {
  const key = useAppStore((s) => s.playgroundKey);
  const [mode, setMode] = useState<'own' | 'virtual'>(key ? 'virtual' : 'own');
  return (
    <span className="pg-key" data-testid="pg-key">
      <select
        className="input select"
        aria-label="Send as"
        value={mode}
        data-testid="pg-key-mode"
        onChange={(e) => {
          const next = e.target.value as 'own' | 'virtual';
          setMode(next);
          if (next === 'own') actions().setPlaygroundKey('');
        }}
      >
        <option value="own">As admin (Playground key)</option>
        <option value="virtual">As a virtual key…</option>
      </select>
      {mode === 'virtual' && (
        <input
          className="input mono"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="sk-… (paste a virtual key)"
          aria-label="Virtual key"
          value={key}
          data-testid="pg-key-input"
          onChange={(e) => actions().setPlaygroundKey(e.target.value)}
        />
      )}
    </span>
  );
}
