export type { AgentDefinition } from './document/agent-definition.ts';
export type { FieldSpans, Located } from './document/located.ts';
export type { AgentStep, SetStep, Step, StepBase, StepKindName } from './document/step.ts';
export type { TemplateValue } from './document/template-value.ts';
export type { InputDefinition, InputType, WorkflowDefinition } from './document/workflow-definition.ts';
export type { WorkflowDocument, WorkflowSettings } from './document/workflow-document.ts';
export { checkInputValue, type InputCheck } from './inputs/check-input-value.ts';
export type { Environment, ReadTextFile } from './load/load-context.ts';
export { loadWorkflowFile } from './load/load-workflow-file.ts';
export { type ParseWorkflowOptions, parseWorkflow } from './load/parse-workflow.ts';
export { resolveInputs } from './run/resolve-inputs.ts';
export { type RunWorkflowOptions, runWorkflow } from './run/run-workflow.ts';
export { selectWorkflow } from './run/select-workflow.ts';
export type { StepExecution, StepOutcome } from './run/step-execution.ts';
export { WorkflowInputError } from './run/workflow-input-error.ts';
export type {
  AgentInvoker,
  AgentReply,
  AgentRequest,
  AgentStepRecord,
  SetStepRecord,
  StepRecord,
  StepReference,
  StepStart,
  WorkflowResult,
} from './run/workflow-result.ts';
export { WorkflowRunError, type WorkflowRunErrorCode } from './run/workflow-run-error.ts';
export type { StepKind, StepKinds } from './steps/step-kind.ts';
export { stepKinds } from './steps/step-kinds.ts';
export { evaluateExpression } from './template/evaluate-expression.ts';
export type { Expression, ExpressionNode } from './template/expression.ts';
export { parseExpression } from './template/parse-expression.ts';
export { parseTemplate } from './template/parse-template.ts';
export { renderTemplate, renderTemplateText } from './template/render-template.ts';
export { systemTemplateSources } from './template/system-template-sources.ts';
export type { Template, TemplateSegment } from './template/template.ts';
export { TemplateError } from './template/template-error.ts';
export type { TemplateScope, TemplateSources } from './template/template-scope.ts';
