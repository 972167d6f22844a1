/**
 * Reads a stream to its end as UTF-8 text. Ends early with the signal's reason when it is aborted.
 *
 * @example
 * const text = await readStreamText(process.stdin, signal);
 */
export async function readStreamText(stream: NodeJS.ReadableStream, signal?: AbortSignal): Promise<string> {
  signal?.throwIfAborted();
  const chunks: Buffer[] = [];
  const reading = (async () => {
    for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  })();
  if (signal === undefined) await reading;
  else {
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([reading, aborted]);
    } finally {
      if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}
