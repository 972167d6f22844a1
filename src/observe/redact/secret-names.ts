/**
 * Environment variable names whose values are secrets: `ANTHROPIC_API_KEY`, `GITHUB_TOKEN`,
 * `AWS_SECRET_ACCESS_KEY`, `DB_PASSWORD`, `AUTHORIZATION`, `*_CREDENTIALS`, `*_PRIVATE_KEY`, `*_KEY`.
 */
const SECRET_VARIABLE =
  /(?:^|_)(?:API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIALS?|AUTH|AUTHORIZATION|COOKIE|PAT)(?:$|_)|PASSWORD|SECRET/i;

/**
 * Whether an environment variable's name says its value is a secret.
 *
 * @example
 * isSecretVariableName('ANTHROPIC_API_KEY'); // true
 * isSecretVariableName('HOME'); // false
 */
export function isSecretVariableName(name: string): boolean {
  return SECRET_VARIABLE.test(name);
}

/**
 * Object keys (any case, `_`/`-` ignored; `key` alone is not one) whose values are secrets wherever they appear: tool
 * arguments, headers, settings. `tokens`, `inputTokens` and `maxTokens` are counts, not secrets.
 */
const SECRET_KEY =
  /^x?(?:(?:api|access|auth|bearer|client|id|refresh|session|private|secret)(?:key|token)|token|secret|password|passwd|passphrase|authorization|proxyauthorization|cookie|setcookie|credentials?)$|(?:apikey|token|secret|password|privatekey|accesskey)$/;

/**
 * Whether an object key (`api_key`, `apiKey`, `Authorization`, `x-api-key`, `password`) names a secret.
 *
 * @example
 * isSecretKey('api_key'); // true
 * isSecretKey('inputTokens'); // false
 */
export function isSecretKey(key: string): boolean {
  let secret = knownKeys.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY.test(normalizeKey(key));
    // Keys repeat (`role`, `content`, `text`, …): remembered, up to a bound, so they are checked once.
    if (knownKeys.size < MAX_KNOWN_KEYS) knownKeys.set(key, secret);
  }
  return secret;
}

const MAX_KNOWN_KEYS = 4096;
const knownKeys = new Map<string, boolean>();

function normalizeKey(key: string): string {
  let normal = '';
  for (let index = 0; index < key.length; index += 1) {
    const code = key.charCodeAt(index);
    if (code === 95 || code === 45) continue; // `_` and `-`
    normal += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : key[index];
  }
  return normal;
}

/**
 * The same key names as a regular expression source for JSON text (`"api_key":"…"`), so secrets inside
 * JSON that is already a string (a tool's arguments, an error body) are found too.
 */
export const SECRET_JSON_KEY_SOURCE = String.raw`[\w-]*?(?:api[-_]?key|token|secret|password|passwd|passphrase|authorization|cookie|credentials?|private[-_]?key|access[-_]?key)`;
