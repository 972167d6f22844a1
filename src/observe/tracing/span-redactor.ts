/**
 * What removes secrets from a span before any exporter sees it (the redaction seam). `value` gets every
 * span's and event's attributes (a copy with secrets replaced, or the same object when there is none);
 * `text` gets the status message. `src/observe/redact/`'s `Redactor` has this shape.
 *
 * @example
 * const tracing = setupTracing({ exporters, redactor: createRedactor({ env: process.env }) });
 */
export interface SpanRedactor {
  value<Value>(value: Value): Value;
  text(text: string): string;
}
