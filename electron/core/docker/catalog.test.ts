// The bundled catalog: valid, complete enough for the Deploy page, and every entry fit-able.
import { describe, expect, it } from 'vitest';
import { fitFor } from '../fit';
import { REASONING_PARSERS, TOOL_CALL_PARSERS } from 'vllm-sim';
import { catalogModels, findCatalogModel, searchCatalog } from './catalog';

describe('model catalog', () => {
  it('has about 30 models across chat, code, embedding and rerank, ids unique', () => {
    const models = catalogModels();
    expect(models.length).toBeGreaterThanOrEqual(30);
    expect(new Set(models.map((m) => m.id)).size).toBe(models.length);
    expect(new Set(models.map((m) => m.task))).toEqual(new Set(['chat', 'code', 'embed', 'rerank']));
  });

  it('marks Meta Llama and Google Gemma as gated, Qwen as open', () => {
    expect(findCatalogModel('meta-llama/Llama-3.1-8B-Instruct')?.gated).toBe(true);
    expect(findCatalogModel('google/gemma-3-27b-it')?.gated).toBe(true);
    expect(findCatalogModel('qwen/qwen3-0.6b')?.gated).toBe(false);
  });

  it('gives every model a fit estimate whose default context is its catalog context length', () => {
    for (const m of catalogModels()) {
      const e = fitFor({ model: m.id, gpuMemGib: 141, gpus: 8 });
      expect(e.maxModelLen, m.id).toBe(m.contextLength);
      expect(Number.isFinite(e.weightsGib), m.id).toBe(true);
    }
  });

  it('searches by words of the id, name or task', () => {
    expect(searchCatalog('qwen3 coder').map((m) => m.id)).toEqual(['Qwen/Qwen3-Coder-30B-A3B-Instruct']);
    expect(searchCatalog('rerank').length).toBe(2);
  });

  it('refuses a model that is not in the catalog without a config', () => {
    expect(() => fitFor({ model: 'nobody/nothing', gpuMemGib: 24 })).toThrow(/not in the catalog/);
  });

  it("names parsers vLLM registers, agreeing with each model's recommended arguments", () => {
    const flagValue = (args: string[], flag: string) =>
      args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined;
    for (const m of catalogModels()) {
      if (m.toolCallParser) expect(TOOL_CALL_PARSERS, m.id).toContain(m.toolCallParser);
      if (m.reasoningParser) expect(REASONING_PARSERS, m.id).toContain(m.reasoningParser);
      const recommended = flagValue(m.recommendedArgs, '--tool-call-parser');
      if (recommended) expect(m.toolCallParser, m.id).toBe(recommended);
      const reasoning = flagValue(m.recommendedArgs, '--reasoning-parser');
      if (reasoning) expect(m.reasoningParser, m.id).toBe(reasoning);
    }
    // Every chat and code model of the families agents use has one.
    expect(
      catalogModels()
        .filter((m) => /Qwen3|Llama-3|gpt-oss|Coder/.test(m.id) && m.task !== 'embed')
        .every((m) => m.toolCallParser),
    ).toBe(true);
  });
});
