/** Unit tests for src/runner/step-process.ts: stray errors and the exit after run(). */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { reportStray, runStep, type StepProcess } from '../../src/runner/step-process.js'

describe('step-process.ts', () => {
  let out: string[]
  let write: jest.SpiedFunction<typeof process.stdout.write>
  beforeEach(() => {
    out = []
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk))
      return true
    })
  })
  afterEach(() => {
    write.mockRestore()
    process.exitCode = undefined
  })

  it.each([
    ['main', '::error::lost socket\n', 1],
    ['post', '::warning::post step: lost socket\n', undefined],
    ['prune', '::warning::prune: lost socket\n', undefined],
  ] as const)('a stray error in the %s step is %j', (kind, line, exitCode) => {
    reportStray(kind, new Error('lost socket'))
    expect(out.join('')).toBe(line)
    expect(process.exitCode).toBe(exitCode)
  })

  function fakeProcess(exitCode?: number) {
    const listeners = new Map<string, (error: unknown) => void>()
    const exits: number[] = []
    const proc: StepProcess = {
      on: (event, listener) => listeners.set(event, listener),
      exit: ((code?: number) => {
        exits.push(code ?? -1)
      }) as StepProcess['exit'],
      exitCode,
    }
    return { proc, listeners, exits }
  }

  it('installs both guards before run() and exits with the exit code after it', async () => {
    const { proc, listeners, exits } = fakeProcess(1)
    let guardedDuringRun = false
    await runStep(
      async () => {
        guardedDuringRun = listeners.has('uncaughtException') && listeners.has('unhandledRejection')
      },
      'post',
      proc,
    )
    expect(guardedDuringRun).toBe(true)
    expect(exits).toEqual([1])
  })

  it('exits 0 when run() set no exit code', async () => {
    const { proc, exits } = fakeProcess()
    await runStep(async () => {}, 'main', proc)
    expect(exits).toEqual([0])
  })

  it('a real process ends when run() settles, though a timer would keep it alive', () => {
    const dir = mkdtempSync(join(tmpdir(), 'step-process-'))
    try {
      const script = join(dir, 'step.mjs')
      const module = fileURLToPath(new URL('../../src/runner/step-process.ts', import.meta.url))
      writeFileSync(
        script,
        [
          `const { runStep } = await import(${JSON.stringify(module)})`,
          // A leaked handle, as a retrying HTTP client leaves behind, and a stray rejection.
          'setInterval(() => {}, 1000)',
          "Promise.reject(new Error('nobody awaited this'))",
          "await runStep(async () => { await new Promise((r) => setTimeout(r, 50)) }, 'post')",
        ].join('\n'),
      )
      const result = spawnSync(process.execPath, ['--import', 'tsx', script], {
        encoding: 'utf8',
        timeout: 20_000,
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
      })
      expect(result.signal).toBeNull()
      expect(result.status).toBe(0)
      expect(result.stdout).toContain('::warning::post step: nobody awaited this')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
