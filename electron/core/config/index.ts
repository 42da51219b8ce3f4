// Config as code: LiteLLM config.yaml in (parse → plan → apply in one transaction) and out.
export { applyImportPlan, type ImportSummary } from './apply-import';
export { exportLitellmConfig, type ExportOptions } from './litellm-export';
export {
  formatConfigIssue,
  parseLitellmConfig,
  type ConfigIssue,
  type ImportPlan,
  type ParseOptions,
  type ParseResult,
  type PlannedEndpoint,
} from './litellm-import';
