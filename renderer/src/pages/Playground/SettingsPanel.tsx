// The Playground's request settings: system prompt, sampling parameters, stop sequences, tools
// as JSON (with a weather tool to start from) and the response format (any JSON, or a schema).
import { useAppStore, actions } from '../../store';
import type { PlaygroundSettings } from '../../store/playground-model';

export const EXAMPLE_TOOLS = JSON.stringify(
  [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'The current weather in a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    },
  ],
  null,
  2,
);

export const EXAMPLE_SCHEMA = JSON.stringify(
  {
    type: 'object',
    properties: { city: { type: 'string' }, population: { type: 'integer' } },
    required: ['city', 'population'],
  },
  null,
  2,
);

const NUMBERS: Array<[keyof PlaygroundSettings, string, string]> = [
  ['temperature', 'Temperature', '0–2'],
  ['topP', 'Top-p', '0–1'],
  ['maxTokens', 'Max tokens', 'e.g. 256'],
  ['seed', 'Seed', 'any'],
];

export function SettingsPanel() {
  const settings = useAppStore((s) => s.conversation.settings);
  const set = (patch: Partial<PlaygroundSettings>) =>
    actions().setConversation((c) => ({ ...c, settings: { ...c.settings, ...patch } }));
  return (
    <div className="pg-settings" data-testid="pg-settings">
      <label className="pg-setting pg-setting-wide">
        <span className="field-label">System prompt</span>
        <textarea
          className="input pg-textarea"
          rows={3}
          value={settings.system}
          placeholder="You are a helpful assistant."
          data-testid="pg-system"
          onChange={(e) => set({ system: e.target.value })}
        />
      </label>
      <div className="pg-setting-row">
        {NUMBERS.map(([field, label, placeholder]) => (
          <label className="pg-setting" key={field}>
            <span className="field-label">{label}</span>
            <input
              className="input"
              value={settings[field]}
              placeholder={placeholder}
              inputMode="decimal"
              data-testid={`pg-${field}`}
              onChange={(e) => set({ [field]: e.target.value })}
            />
          </label>
        ))}
      </div>
      <label className="pg-setting pg-setting-wide">
        <span className="field-label">Stop sequences (one a line)</span>
        <textarea
          className="input pg-textarea"
          rows={2}
          value={settings.stop}
          data-testid="pg-stop"
          onChange={(e) => set({ stop: e.target.value })}
        />
      </label>
      <label className="pg-setting pg-setting-wide">
        <span className="field-label">
          Tools (JSON){' '}
          <button
            type="button"
            className="link-button"
            data-testid="pg-tools-example"
            onClick={() => set({ tools: EXAMPLE_TOOLS })}
          >
            use an example
          </button>
        </span>
        <textarea
          className="input pg-textarea mono"
          rows={settings.tools ? 8 : 2}
          value={settings.tools}
          placeholder='[{"type": "function", "function": {"name": "…", "parameters": {…}}}]'
          data-testid="pg-tools"
          onChange={(e) => set({ tools: e.target.value })}
        />
      </label>
      <label className="pg-setting pg-setting-wide">
        <span className="field-label">Response format</span>
        <select
          className="input select"
          value={settings.responseFormat ?? ''}
          data-testid="pg-response-format"
          onChange={(e) => {
            const responseFormat = e.target.value as PlaygroundSettings['responseFormat'];
            set({
              responseFormat,
              ...(responseFormat === 'json_schema' && !settings.jsonSchema ? { jsonSchema: EXAMPLE_SCHEMA } : {}),
            });
          }}
        >
          <option value="">Text (no response_format)</option>
          <option value="json_object">JSON object (json_object)</option>
          <option value="json_schema">JSON matching a schema (json_schema)</option>
        </select>
      </label>
      {settings.responseFormat === 'json_schema' && (
        <label className="pg-setting pg-setting-wide">
          <span className="field-label">JSON schema</span>
          <textarea
            className="input pg-textarea mono"
            rows={8}
            value={settings.jsonSchema ?? ''}
            data-testid="pg-json-schema"
            onChange={(e) => set({ jsonSchema: e.target.value })}
          />
        </label>
      )}
    </div>
  );
}
