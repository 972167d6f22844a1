import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Seconds buckets of model calls and steps: 50 ms to 5 minutes. */
const CALL_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
/** Seconds buckets of rate-limit waits: 10 ms to 2 minutes. */
const WAIT_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * Vega's Prometheus instruments, registered on `registry`. Labels are bounded: models, providers,
 * breaker and limiter keys, step kinds, error kinds and codes, supervised child names — never run ids.
 *
 * `beforeCollect` runs whenever the model-call counters are read (a scrape), to bring them up to date.
 *
 * @example
 * const instruments = createMetricInstruments(new Registry());
 * instruments.runsStarted.inc({ kind: 'workflow' });
 */
export function createMetricInstruments(registry: Registry, beforeCollect: () => void = () => {}) {
  const registers = [registry];
  // Model-call counts are kept in plain numbers on the hot path and handed over when a scrape reads these.
  const collect = () => beforeCollect();
  return {
    runsStarted: new Counter({
      name: 'vega_runs_started_total',
      help: 'Durable runs started or resumed, by kind (workflow, function).',
      labelNames: ['kind'] as const,
      registers,
    }),
    runsEnded: new Counter({
      name: 'vega_runs_ended_total',
      help: 'Durable runs that ended, by outcome (completed, failed, cancelled).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    stepsStarted: new Counter({
      name: 'vega_steps_started_total',
      help: 'Workflow steps started, by step kind.',
      labelNames: ['kind'] as const,
      registers,
    }),
    stepsCompleted: new Counter({
      name: 'vega_steps_completed_total',
      help: 'Workflow steps completed, by step kind.',
      labelNames: ['kind'] as const,
      registers,
    }),
    stepDuration: new Histogram({
      name: 'vega_step_duration_seconds',
      help: 'Duration of completed workflow steps, by step kind.',
      labelNames: ['kind'] as const,
      buckets: CALL_BUCKETS,
      registers,
    }),
    modelCalls: new Counter({
      name: 'vega_model_calls_total',
      help: 'Model calls through the pipeline, by provider, model and outcome (ok, error); retries inside a call are not separate calls.',
      labelNames: ['provider', 'model', 'outcome'] as const,
      registers,
      collect,
    }),
    modelCallDuration: new Histogram({
      name: 'vega_model_call_duration_seconds',
      help: 'Duration of model calls, queueing and retries included, by provider and model.',
      labelNames: ['provider', 'model'] as const,
      buckets: CALL_BUCKETS,
      registers,
    }),
    tokens: new Counter({
      name: 'vega_tokens_total',
      help: 'Tokens of completed model calls, by model and direction (input, output, cache_read, cache_write); cache tokens are part of input.',
      labelNames: ['model', 'direction'] as const,
      registers,
      collect,
    }),
    cost: new Counter({
      name: 'vega_cost_usd_total',
      help: 'What completed model calls cost in US dollars, by model (unpriced models add nothing).',
      labelNames: ['model'] as const,
      registers,
      collect,
    }),
    errors: new Counter({
      name: 'vega_errors_total',
      help: 'Errors, by where they surfaced (model_call, run), error class and stable code or kind.',
      labelNames: ['source', 'class', 'code'] as const,
      registers,
    }),
    retries: new Counter({
      name: 'vega_retries_total',
      help: 'Model call attempts that failed and were retried, by provider, model and error kind.',
      labelNames: ['provider', 'model', 'error_kind'] as const,
      registers,
    }),
    rateLimited: new Counter({
      name: 'vega_model_rate_limited_total',
      help: 'Model call attempts a provider answered with HTTP 429 (rate limited), by provider and model.',
      labelNames: ['provider', 'model'] as const,
      registers,
    }),
    breakerState: new Gauge({
      name: 'vega_breaker_state',
      help: 'Circuit breaker state by breaker key: 1 for the current state (closed, open, half_open), 0 for the others.',
      labelNames: ['key', 'state'] as const,
      registers,
    }),
    breakerTransitions: new Counter({
      name: 'vega_breaker_transitions_total',
      help: 'Circuit breaker state changes, by breaker key and the state entered.',
      labelNames: ['key', 'state'] as const,
      registers,
    }),
    rateLimitQueueDepth: new Gauge({
      name: 'vega_rate_limit_queue_depth',
      help: 'Calls queued behind a rate limiter when a call last left its queue, by limiter key.',
      labelNames: ['key'] as const,
      registers,
    }),
    rateLimitWait: new Histogram({
      name: 'vega_rate_limit_wait_seconds',
      help: 'Time calls waited in a rate-limit queue, by limiter key.',
      labelNames: ['key'] as const,
      buckets: WAIT_BUCKETS,
      registers,
    }),
    budgetExceeded: new Counter({
      name: 'vega_budget_exceeded_total',
      help: 'Reservations that did not fit a budget, by what the scope did (block, warn, pause).',
      labelNames: ['action'] as const,
      registers,
    }),
    activeProcesses: new Gauge({
      name: 'vega_active_processes',
      help: 'Processes alive in the process runtime.',
      registers,
    }),
    restarts: new Counter({
      name: 'vega_process_restarts_total',
      help: 'Supervised children restarted, by child name.',
      labelNames: ['child'] as const,
      registers,
    }),
    supervisorGiveUps: new Counter({
      name: 'vega_supervisor_give_ups_total',
      help: 'Supervisors that exceeded their restart intensity and ended, by the child that failed.',
      labelNames: ['child'] as const,
      registers,
    }),
  };
}

/** What {@link createMetricInstruments} registers. */
export type MetricInstruments = ReturnType<typeof createMetricInstruments>;
