// The next request of the first target as curl, Python or JavaScript (OpenAI SDKs), to copy.
import { useState } from 'react';
import { CopyButton } from '../../components/CopyButton';
import { Segmented } from '../../components/Segmented';
import { useAppPick } from '../../store';
import { messagesFor, parseSettings } from '../../store/playground-model';
import { curlCode, jsCode, pythonCode } from './view-code';

const LANGS = [
  { value: 'curl', label: 'curl' },
  { value: 'python', label: 'Python' },
  { value: 'js', label: 'JavaScript' },
] as const;

export function ViewCode({ draft }: { draft: string }) {
  const { conversation, gatewayUrl } = useAppPick((s) => ({
    conversation: s.conversation,
    gatewayUrl: s.gateway?.url ?? s.system.data?.gateway.url ?? 'http://127.0.0.1:4000',
  }));
  const [lang, setLang] = useState<'curl' | 'python' | 'js'>('curl');
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
  const code = lang === 'curl' ? curlCode(request) : lang === 'python' ? pythonCode(request) : jsCode(request);
  return (
    <div className="pg-code" data-testid="pg-code">
      <div className="pg-code-head">
        <Segmented label="Language" value={lang} options={[...LANGS]} onChange={setLang} testId="pg-code-lang" />
        <CopyButton value={code} testId="pg-code-copy" />
      </div>
      <pre className="mono" data-testid="pg-code-text">
        {code}
      </pre>
      <p className="faint">Set SWITCHYARD_API_KEY to a virtual key (Keys &amp; Budgets).</p>
    </div>
  );
}
