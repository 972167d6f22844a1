export { closestName, didYouMean } from './closest-name.ts';
export { type Diagnostic, type DiagnosticSeverity, diagnosticAt, sortDiagnostics } from './diagnostic.ts';
export { DiagnosticError } from './diagnostic-error.ts';
export { editDistance } from './edit-distance.ts';
export { type RenderOptions, renderDiagnostic, renderDiagnostics } from './render-diagnostic.ts';
export type { SourceSpan } from './source-span.ts';
export { WorkflowLoadError } from './workflow-load-error.ts';
