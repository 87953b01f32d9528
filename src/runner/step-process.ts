/**
 * The process around a step: what happens to errors nobody awaited, and when the process ends.
 *
 * - HTTP clients can leave sockets and retry timers behind (@actions/cache notes this for its
 *   restore and exits early after it), which would keep the step running
 *   after its work is done; so the step exits as soon as `run()` settles.
 * - An error thrown from a callback nobody awaits (actions/cache installs the same guard for a
 *   known upload leak in @actions/toolkit) would crash the process and fail the step. The main step
 *   reports it as a failure, as it does every error; the post step and `prune` report it as a
 *   warning, because they must never fail a job that built fine.
 */
import { errorText } from './log-line.js'
import { log } from './log.js'

/** Which step the process runs: the main step, the post step or the `prune` entry point. */
export type StepKind = 'main' | 'post' | 'prune'

/** The parts of `process` this module uses, so tests can pass their own. */
export interface StepProcess {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown
  exit(code?: number): never
  exitCode?: number | string | null | undefined
}

/** Reports an error that escaped every `await`, in the way the step reports its own errors. */
export function reportStray(kind: StepKind, error: unknown): void {
  if (kind === 'main') log.failed(errorText(error))
  else log.warning(`${kind === 'post' ? 'post step' : 'prune'}: ${errorText(error)}`)
}

/** Runs a step's `run()` with the stray-error guard installed, then exits with its exit code. */
export async function runStep(
  run: () => Promise<void>,
  kind: StepKind,
  proc: StepProcess = process as unknown as StepProcess,
): Promise<void> {
  const stray = (error: unknown) => reportStray(kind, error)
  proc.on('uncaughtException', stray)
  proc.on('unhandledRejection', stray)
  await run()
  proc.exit(Number(proc.exitCode ?? 0) || 0)
}
