// The next request of the first target as curl, Python or JavaScript (OpenAI SDKs), or with the
// Anthropic SDKs against /v1/messages, to copy.
import { useState } from 'react';
import { CopyButton } from '../../components/CopyButton';
import { Segmented } from '../../components/Segmented';
import { useAppPick } from '../../store';
import { messagesFor, parseSettings } from '../../store/playground-model';
import { curlCode, jsCode, pythonCode } from './view-code';
import { anthropicJsCode, anthropicPythonCode } from './view-code-anthropic';

const LANGS = [
  { value: 'curl', label: 'curl' },
  { value: 'python', label: 'Python' },
  { value: 'js', label: 'JavaScript' },
  { value: 'anthropic-python', label: 'Anthropic Python' },
  { value: 'anthropic-js', label: 'Anthropic JS' },
] as const;

type Lang = (typeof LANGS)[number]['value'];

const CODE: Record<Lang, (r: Parameters<typeof curlCode>[0]) => string> = {
  curl: curlCode,
  python: pythonCode,
  js: jsCode,
  'anthropic-python': anthropicPythonCode,
  'anthropic-js': anthropicJsCode,
};

export function ViewCode({ draft }: { draft: string }) {
  const { conversation, gatewayUrl } = useAppPick((s) => ({
    conversation: s.conversation,
    gatewayUrl: s.gateway?.url ?? s.system.data?.gateway.url ?? 'http://127.0.0.1:4000',
  }));
  const [lang, setLang] = useState<Lang>('curl');
  const parsed = parseSettings(conversation.settings);
  const messages = messagesFor(
    { ...conversation, turns: [...conversation.turns, { user: draft || 'Hello!', answers: [] }] },
    0,
  );
  const request = {
    gatewayUrl,
    model: conversation.targets[0] ?? 'chat',
    messages,
    params: parsed.ok ? parsed.params : {},
    tools: parsed.ok ? parsed.tools : undefined,
  };
  const code = CODE[lang](request);
  return (
    <div className="pg-code" data-testid="pg-code">
      <div className="pg-code-head">
        <Segmented label="Language" value={lang} options={[...LANGS]} onChange={setLang} testId="pg-code-lang" />
        <CopyButton value={code} testId="pg-code-copy" />
      </div>
      <pre className="mono" data-testid="pg-code-text">
        {code}
      </pre>
      <p className="faint">
        Set SWITCHYARD_API_KEY to a virtual key (Keys &amp; Budgets).
        {lang.startsWith('anthropic') && ' The Anthropic SDKs call the gateway’s /v1/messages route.'}
      </p>
    </div>
  );
}
