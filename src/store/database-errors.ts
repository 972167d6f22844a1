/**
 * Recognises the few database errors the store turns into its own, by the codes the drivers set:
 * `errcode` from `node:sqlite` (SQLite's extended result code) and `code` (SQLSTATE) from `pg`.
 */
function fields(error: unknown): { errcode?: unknown; code?: unknown } {
  return typeof error === 'object' && error !== null ? (error as { errcode?: unknown; code?: unknown }) : {};
}

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_CONSTRAINT_FOREIGNKEY = 787;
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
const SQLITE_CONSTRAINT_UNIQUE = 2067;

/** A primary key or unique constraint refused a row. */
export function isUniqueViolation(error: unknown): boolean {
  const { errcode, code } = fields(error);
  return errcode === SQLITE_CONSTRAINT_PRIMARYKEY || errcode === SQLITE_CONSTRAINT_UNIQUE || code === '23505';
}

/** A foreign key refused a row (a run that does not exist). */
export function isForeignKeyViolation(error: unknown): boolean {
  const { errcode, code } = fields(error);
  return errcode === SQLITE_CONSTRAINT_FOREIGNKEY || code === '23503';
}

/** SQLite: another connection holds a lock the statement needs (any extended BUSY or LOCKED code). */
export function isSqliteBusy(error: unknown): boolean {
  const { errcode } = fields(error);
  if (typeof errcode !== 'number') return false;
  const primary = errcode & 0xff;
  return primary === SQLITE_BUSY || primary === SQLITE_LOCKED;
}

/** PostgreSQL: a character text cannot hold (NUL, `\u0000` in JSON). */
export function isUntranslatableCharacter(error: unknown): boolean {
  const { code } = fields(error);
  return code === '22P05' || code === '22021';
}
