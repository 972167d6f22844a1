/** pino's numeric levels, as words. */
const LEVEL_NAMES: Readonly<Record<number, string>> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

const LEVEL_COLORS: Readonly<Record<string, string>> = {
  trace: '2',
  debug: '2',
  info: '36',
  warn: '33',
  error: '31',
  fatal: '1;31',
};

/** Fields every record has, shown in the line's head rather than as `name=value`. */
const HEAD_FIELDS = new Set(['level', 'time', 'msg', 'component']);

/**
 * One pino record as one line for a person: `10:41:07.123 INFO  pipeline model call ended
 * runId=… tokens=42`. Colour (ANSI) only when asked: on a terminal without `NO_COLOR`.
 *
 * @example
 * formatLogRecord({ level: 30, time: 0, component: 'run', msg: 'run started', runId: 'r1' }, false);
 * // '00:00:00.000 INFO  run run started runId=r1'
 */
export function formatLogRecord(record: Record<string, unknown>, color: boolean): string {
  const level =
    typeof record.level === 'number'
      ? (LEVEL_NAMES[record.level] ?? String(record.level))
      : String(record.level);
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 23) : '';
  const paint = (code: string | undefined, text: string) =>
    color && code !== undefined ? `\u001b[${code}m${text}\u001b[0m` : text;
  const fields = Object.entries(record)
    .filter(([name, value]) => !HEAD_FIELDS.has(name) && value !== undefined)
    .map(([name, value]) => `${paint('2', `${name}=`)}${fieldText(value)}`);
  const component = typeof record.component === 'string' ? `${paint('35', record.component)} ` : '';
  const message = typeof record.msg === 'string' ? record.msg : '';
  return [
    `${paint('2', time)} ${paint(LEVEL_COLORS[level], level.toUpperCase().padEnd(5))} ${component}${message}`,
    ...fields,
  ].join(' ');
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}
