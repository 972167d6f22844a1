export { type CommandOutput, redactedOutput } from './redacted-output.ts';
export { redactingStore } from './redacting-store.ts';
export {
  createRedactor,
  MIN_SECRET_LENGTH,
  REDACTED,
  type Redactor,
  type RedactorOptions,
} from './redactor.ts';
export { isSecretKey, isSecretVariableName } from './secret-names.ts';
