/**
 * Vega: a runtime for fault-tolerant, cost-governed, observable systems of LLM agents.
 *
 * @example
 * import { defineAgent, tool } from 'vega-agents';
 * import { z } from 'zod';
 *
 * const weather = tool({
 *   name: 'get_weather',
 *   description: 'Current weather in a city',
 *   input: z.object({ city: z.string() }),
 *   execute: async ({ city }) => ({ city, celsius: 21 }),
 * });
 * const assistant = defineAgent({ name: 'assistant', model: 'claude-haiku-4-5', tools: [weather] });
 * const { text, cost } = await assistant.run('Weather in Paris?');
 */
import { setDefaultAgentEnvironment } from './agent/agent-environment.ts';
import { createRuntime, type Runtime } from './create-runtime.ts';

let defaultRuntime: Runtime | undefined;
setDefaultAgentEnvironment(() => {
  defaultRuntime ??= createRuntime();
  return defaultRuntime.environment;
});

export type { AgentConfig } from './agent/agent-config.ts';
export { DEFAULT_MAX_TURNS } from './agent/agent-config.ts';
export type { AgentEnvironment } from './agent/agent-environment.ts';
export type { AgentResult, ModelCallRecord, ToolCallRecord } from './agent/agent-result.ts';
export { AgentStream } from './agent/agent-stream.ts';
export type { AgentStreamPart } from './agent/agent-stream-part.ts';
export { type Agent, type AgentRunOptions, defineAgent } from './agent/define-agent.ts';
export type { AgentInput } from './agent/initial-messages.ts';
export { type AnyTool, type Tool, type ToolExecutionContext, type ToolOptions, tool } from './agent/tool.ts';
export { addCosts, createPriceTable, formatUsd, type PriceTable, ZERO_COST } from './cost/index.ts';
export {
  buildCostTree,
  type CostNode,
  type CostNodeJson,
  type CostRecord,
  costRecordsFromModelCalls,
  costTreeToJson,
  formatCostTree,
} from './cost/report/index.ts';
export {
  createRuntime,
  type RateLimitsOptions,
  type Runtime,
  type RuntimeOptions,
} from './create-runtime.ts';
export {
  type Diagnostic,
  DiagnosticError,
  renderDiagnostic,
  WorkflowLoadError,
} from './diagnostics/index.ts';
export type {
  ReplayReport,
  ResumeOptions,
  RunOptions,
  RunOutcome,
} from './durable/durable-runs.ts';
export type {
  ContextAgentOptions,
  MemoryView,
  RunContext,
  RunFunction,
  StepOptions,
} from './durable/run-context.ts';
export { AgentCrash } from './errors/agent-crash.ts';
export { AgentTimeout } from './errors/agent-timeout.ts';
export { classifyModelError } from './errors/classify-model-error.ts';
export { CommandNotAllowed } from './errors/command-not-allowed.ts';
export { OutcomeUnknown, RunDivergence, RunNotFound, RunStateError } from './errors/durable-errors.ts';
export { HostNotAllowed } from './errors/host-not-allowed.ts';
export { MaxTurnsExceeded } from './errors/max-turns-exceeded.ts';
export { MissingApiKey } from './errors/missing-api-key.ts';
export { ModelCallError, type ModelErrorKind } from './errors/model-call-error.ts';
export { NoModelConfigured } from './errors/no-model-configured.ts';
export { OutputValidationError } from './errors/output-validation-error.ts';
export { BudgetExceeded, CircuitOpen, RateLimited } from './errors/policy-errors.ts';
export {
  CallTimeout,
  ConcurrentReceive,
  MailboxFull,
  NameTaken,
  NoSuchProcess,
  ProcessAborted,
  ProcessCrashed,
  ProcessExited,
  type ProcessIdentity,
  ReceiveTimeout,
} from './errors/process-errors.ts';
export { SandboxViolation } from './errors/sandbox-violation.ts';
export { UnknownModel } from './errors/unknown-model.ts';
export { VegaError } from './errors/vega-error.ts';
export { createModelRegistry, type ModelRegistry } from './model/registry/index.ts';
export {
  type ClosableLogger,
  type CreateLoggerOptions,
  createLogger,
  type Logger,
  type LogLevel,
} from './observe/logging/index.ts';
export {
  createVegaMetrics,
  type MetricsServer,
  MetricsServerError,
  type ServeMetricsOptions,
  serveMetrics,
  type VegaMetrics,
} from './observe/metrics/index.ts';
export { createRedactor, REDACTED, type Redactor, type RedactorOptions } from './observe/redact/index.ts';
export {
  chromeTraceExporter,
  jsonlSpanExporter,
  otlpSpanExporter,
  SPAN_ATTRIBUTES,
  type SpanRecord,
  setupTracing,
  type TraceApi,
  type Tracing,
  type TracingSetupOptions,
  trace,
} from './observe/tracing/index.ts';
export * from './policy/index.ts';
export * from './runtime/index.ts';
export type { Clock, TimerHandle } from './spec/clock.ts';
export type { Cost, CostBreakdown, ModelPrice } from './spec/cost.ts';
export type { Model, ModelMessage } from './spec/model.ts';
export { addUsage, type Usage, ZERO_USAGE } from './spec/usage.ts';
export * from './store/index.ts';
export { type BuiltinToolOptions, builtinTools } from './tools/builtin-tools.ts';
export { commandTools } from './tools/command-tools.ts';
export { fileTools } from './tools/file-tools.ts';
export { httpTools } from './tools/http-tools.ts';
export { Sandbox } from './tools/sandbox.ts';
export {
  type AgentInvoker,
  loadWorkflowFile,
  parseWorkflow,
  runWorkflow,
  type WorkflowDocument,
  WorkflowInputError,
  type WorkflowResult,
  WorkflowRunError,
} from './workflow/index.ts';
export { AgentStopped } from './workflow/run/agent-stopped.ts';
export {
  type AgentInvokerOptions,
  createAgentInvoker,
  createWorkflowAgents,
} from './workflow/run/create-agent-invoker.ts';
export { hasSupervision, type SupervisedAgents, superviseAgents } from './workflow/run/supervise-agents.ts';
