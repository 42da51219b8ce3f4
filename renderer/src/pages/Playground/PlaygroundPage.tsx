// Playground: talk to any model group through the gateway — routing, fallbacks, limits and cost
// are what apps get. Streams with a stop button; compares up to four targets side by side; shows
// the figures under each answer; conversations are kept in SQLite. "Try it" buttons open it with
// ?target=<group> preselected; it sends as its own key or a virtual key typed here; images are
// pasted or dropped onto the message box.
import { useEffect, useRef, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
import { Button } from '../../components/Button';
import { StopIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { Page, PageHeader } from '../../components/PageHeader';
import { actions, useAppPick } from '../../store';
import { isStreaming, MAX_TARGETS } from '../../store/playground-model';
import { AnswerCard } from './AnswerCard';
import { ConversationList } from './ConversationList';
import { KeyPicker } from './KeyPicker';
import { SettingsPanel } from './SettingsPanel';
import { useImages } from './use-images';
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
  const [imageError, setImageError] = useState<string | null>(null);
  const attach = useImages(setImageError);
  const [params, setParams] = useSearchParams();
  const preselect = params.get('target');

  // "Try it" (a deployment card, a routing group node): talk to that target, in a new conversation
  // if this one has turns; the parameter is then dropped so the picker is free again.
  useEffect(() => {
    if (!preselect) return;
    if (actions().conversation.turns.length) actions().startConversation([preselect]);
    else actions().setConversation((c) => ({ ...c, targets: [preselect] }));
    setParams({}, { replace: true });
  }, [preselect, setParams]);

  useEffect(() => {
    void actions().loadModelGroups();
    void actions().loadConversations();
  }, []);
  // The first group that generates text is the default target (an embedding group cannot chat).
  useEffect(() => {
    if (conversation.targets.length || !groups?.length || preselect) return;
    const first = groups.find((g) => !/embed|rerank/i.test(g.name)) ?? groups[0];
    actions().setConversation((c) => ({ ...c, targets: [first.name] }));
  }, [groups, conversation.targets.length, preselect]);
  const turns = conversation.turns.length;
  useEffect(() => {
    if (turns) end.current?.scrollIntoView?.({ block: 'end' });
  }, [turns]);

  const send = () => {
    const text = draft;
    void actions()
      .sendTurn(text, attach.images)
      .then(() => {
        if (!actions().playgroundError) {
          setDraft('');
          attach.clear();
        }
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
            <KeyPicker />
            <span className="pg-title" data-testid="pg-title">
              {conversation.title}
            </span>
          </div>
          {panel === 'settings' && <SettingsPanel />}
          {panel === 'code' && <ViewCode draft={draft} />}
          {imageError && (
            <Notice tone="warn" title="Image" testId="pg-image-error">
              {imageError}
            </Notice>
          )}
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
                  {turn.images?.map((src, i) => (
                    <img
                      key={`${i}-${src.length}`}
                      className="pg-thumb"
                      src={src}
                      alt={`Attachment ${i + 1} of the message`}
                    />
                  ))}
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
          {attach.images.length > 0 && (
            <div className="pg-attachments" data-testid="pg-attachments">
              {attach.images.map((src, i) => (
                <span className="pg-attachment" key={`${i}-${src.length}`}>
                  <img className="pg-thumb" src={src} alt={`Attachment ${i + 1}`} />
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Remove image ${i + 1}`}
                    onClick={() => attach.remove(i)}
                  >
                    ×
                  </button>
                </span>
              ))}
            </div>
          )}
          <div className="pg-composer">
            <textarea
              className="input pg-textarea"
              rows={3}
              value={draft}
              placeholder="Message (Ctrl+Enter to send; paste or drop images for a vision model)"
              data-testid="pg-input"
              onPaste={attach.onPaste}
              onDrop={attach.onDrop}
              onDragOver={attach.onDragOver}
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
