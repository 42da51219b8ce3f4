// The Playground: the conversation on screen, its runs (one per target per turn, streamed by the
// core as playground.delta / playground.done events), and the conversations kept in SQLite.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import { errorMessage } from '../lib/errors';
import { idle, loadInto } from './loadable';
import type { PlaygroundSlice } from './logs-state';
import {
  applyDelta,
  applyDone,
  emptyAnswer,
  isStreaming,
  newConversation,
  parseSettings,
  type PlaygroundConversation,
  requestsForLastTurn,
  titleFrom,
} from './playground-model';
import type { AppState } from './state';

export const createPlaygroundSlice =
  (api: Api): StateCreator<AppState, [], [], PlaygroundSlice> =>
  (set, get) => {
    let subscribed = false;
    /** The events reach every window; each applies those of its own runs (others change nothing). */
    const subscribe = () => {
      if (subscribed) return;
      subscribed = true;
      api.on('playground.delta', (d) => set((s) => ({ conversation: applyDelta(s.conversation, d) })));
      api.on('playground.done', (d) => {
        const before = get().conversation;
        const after = applyDone(before, d);
        if (after === before) return;
        set({ conversation: after });
        if (!isStreaming(after)) void get().saveConversation();
      });
    };
    const setConversation = (update: (c: PlaygroundConversation) => PlaygroundConversation) =>
      set((s) => ({ conversation: update(s.conversation) }));

    return {
      conversation: newConversation([]),
      conversations: idle(),
      playgroundError: null,
      playgroundKey: '',
      setPlaygroundKey: (key) => set({ playgroundKey: key.trim() }),
      setConversation,
      sendTurn: async (text, images = []) => {
        const current = get().conversation;
        if (!text.trim()) return set({ playgroundError: 'Write a message first.' });
        if (!current.targets.length) return set({ playgroundError: 'Pick a model group to talk to.' });
        if (isStreaming(current)) return set({ playgroundError: 'Wait for the answer, or stop it.' });
        const parsed = parseSettings(current.settings);
        if (!parsed.ok) return set({ playgroundError: `${parsed.field}: ${parsed.message}` });
        subscribe();
        setConversation((c) => ({
          ...c,
          title: c.turns.length === 0 && c.title === 'New conversation' ? titleFrom(text) : c.title,
          turns: [
            ...c.turns,
            { user: text, ...(images.length ? { images } : {}), answers: c.targets.map(emptyAnswer) },
          ],
        }));
        set({ playgroundError: null });
        const requests = requestsForLastTurn(
          get().conversation,
          parsed.params,
          parsed.tools,
          get().playgroundKey || undefined,
        );
        await Promise.all(
          requests.map(async (request) => {
            try {
              await api.call('playground.send', request);
            } catch (err) {
              setConversation((c) =>
                applyDone(c, {
                  runId: request.runId,
                  outcome: 'failed',
                  error: errorMessage(err),
                  finishReason: null,
                  figures: {
                    status: 0,
                    requestId: null,
                    servedBy: null,
                    modelGroup: null,
                    attempts: null,
                    ttftMs: null,
                    latencyMs: 0,
                    tokensPerSecond: null,
                    promptTokens: null,
                    completionTokens: null,
                    costUsd: null,
                    logSeq: null,
                  },
                }),
              );
            }
          }),
        );
      },
      stopAll: async () => {
        const runs = get()
          .conversation.turns.flatMap((t) => t.answers)
          .filter((a) => a.state === 'streaming');
        await Promise.all(runs.map((a) => api.call('playground.stop', { runId: a.runId }).catch(() => undefined)));
      },
      loadConversations: () => loadInto(set, 'conversations', () => api.call('conversations.list')),
      openConversation: async (id) => {
        try {
          const found = await api.call('conversations.get', { id });
          const body = found.body as unknown as PlaygroundConversation;
          // A stream cut off by closing the app stays as far as it got.
          const turns = (body.turns ?? []).map((t) => ({
            ...t,
            answers: t.answers.map((a) => (a.state === 'streaming' ? { ...a, state: 'stopped' as const } : a)),
          }));
          set({
            conversation: { ...newConversation(body.targets ?? []), ...body, id: found.id, title: found.title, turns },
          });
        } catch (err) {
          set({ playgroundError: errorMessage(err) });
        }
      },
      startConversation: (targets) => set({ conversation: newConversation(targets), playgroundError: null }),
      renameConversation: async (id, title) => {
        await api.call('conversations.rename', { id, title });
        if (get().conversation.id === id) setConversation((c) => ({ ...c, title }));
        await get().loadConversations();
      },
      removeConversation: async (id) => {
        await api.call('conversations.remove', { id });
        if (get().conversation.id === id) set({ conversation: newConversation(get().conversation.targets) });
        await get().loadConversations();
      },
      saveConversation: async () => {
        const c = get().conversation;
        if (!c.turns.length) return;
        try {
          await api.call('conversations.save', {
            id: c.id,
            title: c.title,
            body: c as unknown as Record<string, unknown>,
          });
          await get().loadConversations();
        } catch (err) {
          set({ playgroundError: `Could not keep the conversation: ${errorMessage(err)}` });
        }
      },
    };
  };
