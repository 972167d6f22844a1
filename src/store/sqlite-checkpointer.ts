import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** A background checkpointer of one SQLite database file. */
export interface SqliteCheckpointer {
  /** Stops it (one last checkpoint first) and waits for its thread to end. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The worker's code: its own connection, and a passive checkpoint (copy the WAL's committed frames
 * into the database file and flush it) every `intervalMs`. Passive checkpoints never block writers.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const database = new DatabaseSync(workerData.path, { timeout: 1000 });
const checkpoint = () => {
  try { database.exec('PRAGMA wal_checkpoint(PASSIVE)'); } catch {}
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  database.close();
  parentPort.close();
});
`;

/**
 * Moves SQLite's checkpoints off the thread that writes: a worker thread with its own connection
 * checkpoints the WAL every `intervalMs`, so a journal write never stops to flush megabytes of WAL
 * into the database file (the stall that otherwise dominates the mean cost of an effect). The
 * writer's own automatic checkpoint stays on as a backstop, should the worker fall behind. The worker
 * does not keep the process alive.
 *
 * @example
 * const checkpointer = startSqliteCheckpointer('/work/.vega/vega.db');
 * await checkpointer.stop();
 */
export function startSqliteCheckpointer(path: string, intervalMs = 200): SqliteCheckpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs } });
  worker.unref();
  // A failed checkpointer costs speed, never data: the writer's automatic checkpoint takes over.
  worker.on('error', () => {});
  let running = true;
  const exited = once(worker, 'exit').then(() => {
    running = false;
  });
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        if (running) {
          // Waited for now: keep the process alive until the thread has ended.
          worker.ref();
          worker.postMessage('stop');
        }
        await exited;
      })();
      return stopping;
    },
  };
}
