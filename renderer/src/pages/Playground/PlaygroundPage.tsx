// Playground: talk to any model group through the gateway — routing, fallbacks, limits and cost
// are what apps get. Streams with a stop button; compares up to four targets side by side; shows
// the figures under each answer; conversations are kept in SQLite.
import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { Button } from '../../components/Button';
import { StopIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { Page, PageHeader } from '../../components/PageHeader';
import { actions, useAppPick } from '../../store';
import { isStreaming, MAX_TARGETS } from '../../store/playground-model';
import { AnswerCard } from './AnswerCard';
import { ConversationList } from './ConversationList';
import { SettingsPanel } from './SettingsPanel';
import { ViewCode } from './ViewCode';
import '../../styles/playground.css';

function TargetPicker() {
  const { targets, groupList } = useAppPick((s) => ({
    targets: s.conversation.targets,
    groupList: s.modelGroups.data,
  }));
  const groups = (groupList ?? []).map((g) => g.name);
  const setTargets = (next: string[]) => actions().setConversation((c) => ({ ...c, targets: next }));
  return (
    <div className="pg-targets" data-testid="pg-targets">
      {targets.map((t, i) => (
        <span className="pg-target" key={`${i}-${t}`}>
          <select
            className="input select"
            value={t}
            aria-label={`Target ${i + 1}`}
            data-testid={`pg-target-${i}`}
            onChange={(e) => setTargets(targets.map((x, j) => (j === i ? e.target.value : x)))}
          >
            {(groups.includes(t) ? groups : [t, ...groups]).map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
          {targets.length > 1 && (
            <button
              type="button"
              className="link-button"
              aria-label={`Remove target ${i + 1}`}
              data-testid={`pg-target-remove-${i}`}
              onClick={() => setTargets(targets.filter((_, j) => j !== i))}
            >
              ×
            </button>
          )}
        </span>
      ))}
      {targets.length < MAX_TARGETS && groups.length > 0 && (
        <Button
          size="sm"
          variant="ghost"
          testId="pg-target-add"
          onClick={() => setTargets([...targets, groups.find((g) => !targets.includes(g)) ?? groups[0]])}
        >
          + Compare
        </Button>
      )}
    </div>
  );
}

export function PlaygroundPage() {
  const { conversation, error, groups } = useAppPick((s) => ({
    conversation: s.conversation,
    error: s.playgroundError,
    groups: s.modelGroups.data,
  }));
  // "Replay in Playground" (the Logs drawer) arrives with the stored request's last message as the draft.
  const replayed = (useLocation().state as { draft?: unknown } | null)?.draft;
  const [draft, setDraft] = useState(typeof replayed === 'string' ? replayed : '');
  const [panel, setPanel] = useState<'settings' | 'code' | null>(null);
  const streaming = isStreaming(conversation);
  const end = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void actions().loadModelGroups();
    void actions().loadConversations();
  }, []);
  // The first group that generates text is the default target (an embedding group cannot chat).
  useEffect(() => {
    if (conversation.targets.length || !groups?.length) return;
    const first = groups.find((g) => !/embed|rerank/i.test(g.name)) ?? groups[0];
    actions().setConversation((c) => ({ ...c, targets: [first.name] }));
  }, [groups, conversation.targets.length]);
  const turns = conversation.turns.length;
  useEffect(() => {
    if (turns) end.current?.scrollIntoView?.({ block: 'end' });
  }, [turns]);

  const send = () => {
    const text = draft;
    void actions()
      .sendTurn(text)
      .then(() => {
        if (!actions().playgroundError) setDraft('');
      });
  };

  return (
    <Page testId="page-playground">
      <PageHeader
        title="Playground"
        description="Talk to any model group through the gateway, as apps do: the same routing, fallbacks, limits and cost."
        actions={
          <>
            <Button
              variant={panel === 'settings' ? 'primary' : 'secondary'}
              onClick={() => setPanel(panel === 'settings' ? null : 'settings')}
              testId="pg-toggle-settings"
            >
              Parameters &amp; tools
            </Button>
            <Button
              variant={panel === 'code' ? 'primary' : 'secondary'}
              onClick={() => setPanel(panel === 'code' ? null : 'code')}
              testId="pg-toggle-code"
            >
              View code
            </Button>
          </>
        }
      />
      <div className="pg-layout">
        <ConversationList />
        <section className="pg-main">
          <div className="pg-toolbar">
            <TargetPicker />
            <span className="pg-title" data-testid="pg-title">
              {conversation.title}
            </span>
          </div>
          {panel === 'settings' && <SettingsPanel />}
          {panel === 'code' && <ViewCode draft={draft} />}
          {error && (
            <Notice tone="danger" title="Not sent" testId="pg-error">
              {error}
            </Notice>
          )}
          <div className="pg-turns" data-testid="pg-turns">
            {conversation.turns.length === 0 && (
              <p className="faint pg-hint">
                Pick a model group (or up to four, with Compare), write a message and press Send. Each answer shows the
                target that served it, its timings, tokens and cost, and links to its row in Logs.
              </p>
            )}
            {conversation.turns.map((turn, t) => (
              <div className="pg-turn" key={`${t}-${turn.answers[0]?.runId ?? ''}`} data-testid="pg-turn">
                <div className="pg-user" data-testid="pg-user">
                  {turn.user}
                </div>
                <div
                  className="pg-answers"
                  style={{ gridTemplateColumns: `repeat(${turn.answers.length}, minmax(0, 1fr))` }}
                >
                  {turn.answers.map((a, i) => (
                    <AnswerCard key={a.runId} answer={a} index={i} />
                  ))}
                </div>
              </div>
            ))}
            <div ref={end} />
          </div>
          <div className="pg-composer">
            <textarea
              className="input pg-textarea"
              rows={3}
              value={draft}
              placeholder="Message (Ctrl+Enter to send)"
              data-testid="pg-input"
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send();
              }}
            />
            {streaming ? (
              <Button
                variant="danger"
                icon={<StopIcon />}
                onClick={() => void actions().stopAll()}
                testId="pg-stop-button"
              >
                Stop
              </Button>
            ) : (
              <Button variant="primary" onClick={send} testId="pg-send" disabled={!conversation.targets.length}>
                Send
              </Button>
            )}
          </div>
        </section>
      </div>
    </Page>
  );
}
