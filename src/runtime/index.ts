export {
  type AgentHealthOptions,
  type AgentProcessOptions,
  type AgentProcessState,
  agentProcess,
} from './agent-process/agent-process.ts';
export { AgentUnhealthy, type HealthProblem } from './agent-process/agent-unhealthy.ts';
export { askAgent } from './agent-process/ask-agent.ts';
export {
  map,
  ParallelFailed,
  type ParallelMode,
  type ParallelOptions,
  parallel,
  type Task,
  type TaskFailure,
  type TaskResults,
} from './parallel/index.ts';
export type {
  MailboxOptions,
  MailboxOverflow,
  ProcessBody,
  Server,
  SpawnOptions,
} from './process/behaviour.ts';
export { CallMessage, isCallMessage } from './process/call-message.ts';
export {
  describeExitReason,
  type ExitReason,
  type ExitSignalReason,
  isAbnormalExit,
} from './process/exit-reason.ts';
export type { Address, Pid } from './process/pid.ts';
export {
  createProcessRuntime,
  ProcessRuntime,
  type ProcessRuntimeOptions,
  type ProcessRuntimeStats,
  type StopOptions,
} from './process/process-runtime.ts';
export type { CallOptions, ReceiveOptions, Self, SendOptions } from './process/self.ts';
export {
  DownMessage,
  ExitMessage,
  isDownMessage,
  isExitMessage,
  type MonitorRef,
  type SystemMessage,
} from './process/system-messages.ts';
export type * from './runtime-event.ts';
export type {
  ChildFailure,
  ChildRestart,
  ChildShutdown,
  ChildSpec,
  ChildStatus,
  SupervisorGiveUp,
} from './supervisor/child-spec.ts';
export { normalizeSupervision, type SupervisionInput } from './supervisor/normalize-supervision.ts';
export type {
  BackoffOptions,
  BackoffType,
  RestartIntensity,
  RestartStrategy,
  RestartType,
  SeedStrategy,
  SupervisionPolicy,
} from './supervisor/supervision-types.ts';
export { DEFAULT_SUPERVISION } from './supervisor/supervision-types.ts';
export {
  isSupervisor,
  type SupervisorRequest,
  type SupervisorSpec,
  supervisor,
} from './supervisor/supervisor.ts';
export { startChild, startSupervisor, terminateChild, whichChildren } from './supervisor/supervisor-calls.ts';
export { SupervisorGaveUp } from './supervisor/supervisor-gave-up.ts';
