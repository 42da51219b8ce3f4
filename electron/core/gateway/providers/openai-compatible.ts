// The outbound adapter for OpenAI-compatible targets (vLLM, Ollama, llama.cpp, LM Studio, OpenAI):
// the common form is their own, so the body goes as it is but for the target's model name, the
// usage chunk asked for on streams, and the fields a dialect translation added for vLLM left out
// for servers that refuse unknown fields.
import type { OutboundProvider } from './provider';
import type { Target } from '../routing/table';

/** OpenAI itself refuses fields it does not know (vLLM, Ollama, llama.cpp and LM Studio ignore them). */
const strict = (t: Target) => t.provider === 'openai';

export const openAiCompatibleProvider: OutboundProvider = {
  refuses: () => null,
  encode(t, request, requestId) {
    const out: Record<string, unknown> = { ...request.body, model: t.upstreamModel };
    const dropExtras = request.vllmExtras && strict(t);
    if (dropExtras) {
      delete out.top_k;
      delete out.chat_template_kwargs;
    }
    if (request.stream && (request.targetRoute === 'chat/completions' || request.targetRoute === 'completions')) {
      const options: Record<string, unknown> = {
        ...(request.body.stream_options as Record<string, unknown> | undefined),
        include_usage: true,
      };
      if (dropExtras) delete options.continuous_usage_stats;
      out.stream_options = options;
    }
    return {
      url: `${t.baseUrl}/${request.targetRoute}`,
      body: JSON.stringify(out),
      headers: {
        'content-type': 'application/json',
        'x-request-id': requestId,
        ...(t.apiKey ? { authorization: `Bearer ${t.apiKey}` } : {}),
      },
    };
  },
  errorText: (text) => text,
  decode: (text) => text,
  streamDecoder: () => undefined,
};
