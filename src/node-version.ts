/** The oldest Node major Vega runs on. */
export const MINIMUM_NODE_MAJOR = 24;

/**
 * Throws a clear, actionable error when the running Node is older than {@link MINIMUM_NODE_MAJOR}.
 *
 * @example
 * assertNodeVersion(); // at the top of a CLI entry point or a test setup file
 */
export function assertNodeVersion(version: string = process.versions.node): void {
  const major = Number.parseInt(version.split('.')[0] ?? '0', 10);
  if (major >= MINIMUM_NODE_MAJOR) return;
  throw new Error(
    `Vega needs Node ${MINIMUM_NODE_MAJOR} or newer, but this is Node ${version}. ` +
      'Run it through npm so the project-local Node 24 is used: `npx vega ...`, `npm test`, `npm run bench`.',
  );
}
