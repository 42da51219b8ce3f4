// Layer rules of the codebase (../shared/DESIGN.md "One core, three shells"), checked by `npm test`
// (scripts/test.mjs) with `npx depcruise electron renderer/src shared test bench scripts packages`.
// A violation fails the run; fix the import, never the rule.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-without-electron',
      severity: 'error',
      comment:
        'electron/core is plain Node: it runs headless and under vitest without Electron. Electron glue belongs in electron/main or electron/preload, which hand the core what it needs (a launcher, a key wrapper).',
      from: { path: '^electron/core/' },
      to: { path: ['^electron$', '^node_modules/electron/', '^electron/(main|preload)/'] },
    },
    {
      name: 'renderer-without-electron',
      severity: 'error',
      comment:
        'The renderer reaches the core only through its one api client (renderer/src/api/), typed by shared/contract.ts; it never imports electron/ code.',
      from: { path: '^renderer/' },
      to: { path: ['^electron/', '^electron$', '^node_modules/electron/'] },
    },
    {
      name: 'api-handlers-through-index',
      severity: 'error',
      comment:
        'The admin handlers are one set, built by electron/core/api/index.ts (createHandlers). Outside api/, import that, the bridge plumbing (dispatch, context, http-bridge), or the domain module the handler calls, never a handler module.',
      from: { path: '^', pathNot: '^electron/core/api/' },
      to: {
        path: '^electron/core/api/',
        pathNot: '^electron/core/api/(index|dispatch|context|http-bridge)\\.ts$',
      },
    },
    {
      name: 'vllm-sim-by-its-name',
      severity: 'error',
      comment:
        "The simulator is its own package (packages/vllm-sim): everything else imports it as `from 'vllm-sim'`, never by a relative path into packages/.",
      from: { pathNot: '^packages/vllm-sim/' },
      to: { path: '^packages/vllm-sim/', dependencyTypesNot: ['aliased-workspace'] },
    },
    {
      name: 'vllm-sim-public-surface',
      severity: 'error',
      comment:
        "Outside packages/vllm-sim only its public surface (src/index.ts, the package's `exports`) is imported: export what you need from there rather than reaching into its modules.",
      from: { pathNot: '^packages/vllm-sim/' },
      to: { path: '^packages/vllm-sim/', pathNot: '^packages/vllm-sim/(src/index\\.ts|package\\.json)$' },
    },
    {
      name: 'vllm-sim-standalone',
      severity: 'error',
      comment:
        'packages/vllm-sim is a product of its own (a vLLM stand-in for anyone): it imports node, its npm dependencies and itself, never the app (electron/, shared/, test/, …).',
      from: { path: '^packages/vllm-sim/' },
      to: { pathNot: '^(packages/vllm-sim/|node_modules/)', dependencyTypesNot: ['core'] },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'No import cycles, type-only imports included: a shared type goes in its own small module that both sides import.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules is not excluded (only not followed): an excluded module vanishes as a dependency too,
    // and the rules must see an import of the electron package.
    exclude: { path: '^(out|test-results)/' },
    // Type-only imports count: a cycle through `import type` is still a cycle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.cjs', '.mjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
