// The outbound side of the request pipeline: the provider adapter (providers/) for each kind of
// target — Anthropic's Messages API, or any OpenAI-compatible server.
import { anthropicProvider } from '../providers/anthropic';
import { openAiCompatibleProvider } from '../providers/openai-compatible';
import type { OutboundProvider } from '../providers/provider';
import type { Target } from '../routing/table';

export type { OutboundProvider, OutgoingRequest } from '../providers/provider';

export const providerFor = (target: Target): OutboundProvider =>
  target.provider === 'anthropic' ? anthropicProvider : openAiCompatibleProvider;
