/**
 * Runs a step's `run()` in this process in a job environment of the local cache service, and
 * collects what it left behind: its log, outputs, job summary and warnings.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { jest } from '@jest/globals'
import type { RunningCacheService } from '../../dev/cache-service/index.js'
import type { MainState } from '../../src/state.js'

export interface Step {
  log: string
  outputs: Record<string, string>
  summary: string
  warnings: string[]
  /** `::error::` lines: a failed step's message. */
  errors: string[]
  failed: boolean
}

export type StepModule = '../../src/steps/post.js' | '../../src/steps/prune-step.js'

export interface StepOptions {
  ref: string
  inputs?: Record<string, string>
  state?: MainState
  event?: { name: string; payload: unknown }
  githubToken?: string
  env?: Record<string, string>
}

export interface StepWorld {
  svc: RunningCacheService
  /** Where the step's files go. */
  dir: string
  /** The environment to start from (the test process's own, saved before any test changed it). */
  env: NodeJS.ProcessEnv
}

export async function runStepIn(w: StepWorld, module: StepModule, o: StepOptions): Promise<Step> {
  const id = Math.random().toString(36).slice(2)
  const output = join(w.dir, `output-${id}`)
  // @actions/core remembers the summary file of its first write: one file, emptied per run.
  const summary = join(w.dir, 'summary')
  const eventPath = join(w.dir, `event-${id}.json`)
  writeFileSync(output, '')
  writeFileSync(summary, '')
  writeFileSync(
    eventPath,
    JSON.stringify(o.event?.payload ?? { repository: { default_branch: 'main' } }),
  )
  const job = w.svc.jobEnv({ ref: o.ref })
  const inputs: Record<string, string> = {
    'github-token': o.githubToken ?? job.GITHUB_TOKEN,
    'cache-limit': '10GB',
    'prune-target': '90%',
    'prune-grace': '1h',
    'orphan-age': '7d',
    'protect-default-branch': 'true',
    'dry-run': 'false',
    summary: 'true',
    prune: 'true',
    ...o.inputs,
  }
  process.env = {
    ...w.env,
    ...job,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_EVENT_NAME: o.event?.name ?? 'push',
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...(o.state ? { 'STATE_buildkit-cache-main': JSON.stringify(o.state) } : {}),
    ...o.env,
  }
  const lines: string[] = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk))
    return true
  })
  const exitCode = process.exitCode
  const { run } = (await import(module)) as { run: () => Promise<void> }
  await run()
  const failed = process.exitCode === 1 && exitCode !== 1
  process.exitCode = exitCode
  jest.restoreAllMocks()
  return {
    log: lines.join(''),
    outputs: parseOutputs(readFileSync(output, 'utf8')),
    summary: readFileSync(summary, 'utf8'),
    warnings: lines
      .filter((l) => l.startsWith('::warning::'))
      .map((l) => l.slice('::warning::'.length).trim()),
    errors: lines
      .filter((l) => l.startsWith('::error::'))
      .map((l) => l.slice('::error::'.length).trim()),
    failed,
  }
}

/** GITHUB_OUTPUT as @actions/core writes it: `name<<delimiter`, value lines, delimiter. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i])
    if (!m) continue
    const value: string[] = []
    while (lines[++i] !== m[2]) value.push(lines[i])
    outputs[m[1]] = value.join('\n')
  }
  return outputs
}
