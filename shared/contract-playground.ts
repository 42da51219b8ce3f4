// The Playground's calls and events (electron/core/api/playground.ts; the work in
// electron/core/playground/). The renderer never holds a gateway key and its CSP lets it reach only
// its own origin: the core sends each chat through the gateway itself, with a Playground key it
// mints for the running instance and keeps in memory, and streams the answer back as
// `playground.delta` events (coalesced), then one `playground.done` with the figures under it.
import { z } from 'zod';
import { call, Empty } from './contract-parts';

const text = z.string().max(1_000_000);

export const PlaygroundToolCall = z.object({
  id: z.string(),
  name: z.string(),
  /** The arguments as the model wrote them (JSON text, possibly invalid). */
  arguments: z.string(),
});
export type PlaygroundToolCall = z.infer<typeof PlaygroundToolCall>;

/** An image for a vision model, pasted or dropped: a base64 data URL (sent as an image_url part). */
export const PlaygroundImage = z
  .string()
  .max(700_000, 'an image of at most ~500 kB (the Playground scales larger ones down)')
  .regex(/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/, 'a data:image/(png|jpeg|gif|webp);base64 URL');

export const PlaygroundMessage = z
  .object({
    role: z.enum(['system', 'user', 'assistant', 'tool']),
    content: text,
    /** On a user message: images after its text (an OpenAI content array of text and image_url parts). */
    images: z.array(PlaygroundImage).max(4).optional(),
    toolCalls: z.array(PlaygroundToolCall).max(128).optional(),
    toolCallId: z.string().max(200).optional(),
  })
  .strict();
export type PlaygroundMessage = z.infer<typeof PlaygroundMessage>;

export const PlaygroundParams = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    topP: z.number().gt(0).max(1).optional(),
    maxTokens: z.number().int().min(1).max(1_000_000).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    stop: z.array(z.string().min(1).max(1024)).max(4).optional(),
    /** OpenAI's response_format: any JSON object, or JSON matching a schema. */
    responseFormat: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('json_object') }).strict(),
        z
          .object({
            type: z.literal('json_schema'),
            name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a schema name of letters, digits, _ or -'),
            schema: z.record(z.string(), z.unknown()),
            strict: z.boolean().optional(),
          })
          .strict(),
      ])
      .optional(),
  })
  .strict();
export type PlaygroundParams = z.infer<typeof PlaygroundParams>;

/** An OpenAI function tool, as pasted into the tools box. */
export const PlaygroundTool = z
  .object({
    type: z.literal('function'),
    function: z
      .object({
        name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a function name of letters, digits, _ or -'),
        description: z.string().max(4096).optional(),
        parameters: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
  })
  .strict();
export type PlaygroundTool = z.infer<typeof PlaygroundTool>;

export const PlaygroundFigures = z.object({
  status: z.number().int(),
  requestId: z.string().nullable(),
  /** x-switchyard-deployment: the target that answered. */
  servedBy: z.string().nullable(),
  modelGroup: z.string().nullable(),
  attempts: z.number().int().nullable(),
  ttftMs: z.number().nullable(),
  latencyMs: z.number(),
  tokensPerSecond: z.number().nullable(),
  promptTokens: z.number().int().nullable(),
  completionTokens: z.number().int().nullable(),
  costUsd: z.number().nullable(),
  /** The request log's sequence number of this request (the Logs page's drawer), once logged. */
  logSeq: z.number().int().nullable(),
});
export type PlaygroundFigures = z.infer<typeof PlaygroundFigures>;

const runId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a run id of 8–64 letters, digits, _ or -');

export const PlaygroundRequest = z
  .object({
    runId,
    /** A model group or alias, as apps name it. */
    model: z.string().trim().min(1).max(200),
    messages: z.array(PlaygroundMessage).min(1).max(10_000),
    params: PlaygroundParams.default({}),
    tools: z.array(PlaygroundTool).max(128).optional(),
    /**
     * A virtual key to send as (typed or pasted on the page, so its limits, budget and allowed
     * models apply); without it the Playground's own key.
     */
    apiKey: z
      .string()
      .trim()
      .regex(/^\S{8,512}$/, 'a key of 8–512 characters without spaces (e.g. sk-…)')
      .optional(),
  })
  .strict();
export type PlaygroundRequest = z.infer<typeof PlaygroundRequest>;

export const ConversationSummary = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

/** The renderer's own conversation shape, kept as JSON: the core checks only that it is an object. */
export const ConversationBody = z.record(z.string(), z.unknown());

export const Conversation = ConversationSummary.extend({ body: ConversationBody });
export type Conversation = z.infer<typeof Conversation>;

const conversationId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a conversation id of 8–64 letters, digits, _ or -');
const title = z.string().trim().min(1, 'a title is required').max(200);

export const playgroundCalls = {
  /** Starts a streamed chat through the gateway; the answer arrives as playground.delta / playground.done events. */
  'playground.send': call(PlaygroundRequest, z.object({ runId: z.string() })),
  /** Stops a run: the gateway is disconnected and charges what was generated. */
  'playground.stop': call(z.object({ runId }).strict(), z.object({ stopped: z.boolean() })),
  'conversations.list': call(Empty, z.array(ConversationSummary)),
  'conversations.get': call(z.object({ id: conversationId }).strict(), Conversation),
  /** Creates or replaces a conversation. */
  'conversations.save': call(
    z.object({ id: conversationId, title, body: ConversationBody }).strict(),
    ConversationSummary,
  ),
  'conversations.rename': call(z.object({ id: conversationId, title }).strict(), ConversationSummary),
  'conversations.remove': call(z.object({ id: conversationId }).strict(), z.object({ removed: z.boolean() })),
} as const;

export const playgroundEvents = {
  /** What arrived of a run since the last delta (content, reasoning and tool-call pieces appended in order). */
  'playground.delta': z.object({
    runId: z.string(),
    content: z.string(),
    reasoning: z.string(),
    toolCalls: z.array(
      z.object({ index: z.number().int(), id: z.string().optional(), name: z.string(), arguments: z.string() }),
    ),
  }),
  'playground.done': z.object({
    runId: z.string(),
    outcome: z.enum(['finished', 'stopped', 'failed']),
    /** The gateway's error message when it refused or failed. */
    error: z.string().nullable(),
    finishReason: z.string().nullable(),
    figures: PlaygroundFigures,
  }),
} as const;
