/**
 * Runs the builder's tools as child processes. The one place `src/builder/` touches the process
 * boundary; tests put executables on PATH that answer with recorded output.
 */
import { execFile } from 'node:child_process'

export interface ProcessResult {
  /** 127 when the executable was not found (as a shell reports it). */
  exitCode: number
  stdout: string
  stderr: string
}

export type Runner = (command: string, args: string[]) => Promise<ProcessResult>

export interface RunnerOptions {
  /** Environment for the child (PATH decides which tools exist). Defaults to this process's. */
  env?: NodeJS.ProcessEnv
  /** Kill a tool that hangs (an unreachable daemon) after this long. */
  timeoutMs?: number
}

/** `du` on a large builder prints one record per snapshot: leave room. */
const MAX_OUTPUT = 64 * 1024 * 1024

export function processRunner(options: RunnerOptions = {}): Runner {
  return (command, args) =>
    new Promise((resolve) => {
      execFile(
        command,
        args,
        {
          env: options.env ?? process.env,
          timeout: options.timeoutMs ?? 300_000,
          maxBuffer: MAX_OUTPUT,
          encoding: 'utf8',
        },
        (error, stdout, stderr) => {
          if (!error) return resolve({ exitCode: 0, stdout, stderr })
          const e = error as NodeJS.ErrnoException & { code?: number | string; killed?: boolean }
          if (e.code === 'ENOENT')
            return resolve({ exitCode: 127, stdout: '', stderr: `${command}: not found` })
          if (e.killed) {
            return resolve({
              exitCode: 124,
              stdout,
              stderr: `${stderr}\n${command} timed out and was stopped`.trim(),
            })
          }
          resolve({
            exitCode: typeof e.code === 'number' ? e.code : 1,
            stdout,
            stderr: stderr || e.message,
          })
        },
      )
    })
}
