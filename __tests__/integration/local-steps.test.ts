/**
 * type=local and the builder cache through the action's own steps: `src/steps/main.ts` then `src/steps/post.ts`
 * in process, with src/runner/workflow-commands.ts writing the runner's files and the real @actions/cache and
 * REST client talking to the local cache service. Between the steps the test writes what BuildKit
 * would write to the `cache-to` destination.
 */
import {
  mkdirSync,
  mkdtempSync,
  promises as fsp,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { type RunningCacheService, startCacheService } from '../../dev/cache-service/index.js'
import { run as runMain } from '../../src/steps/main.js'
import { run as runPost } from '../../src/steps/post.js'
import { LOCAL_KEY_PREFIX } from '../../src/local/keys.js'
import { useActionProcess } from '../helpers/in-process.js'
import { readCommandFile } from '../helpers/runner.js'
import { type LayerSpec, writeBuildKitLayout } from '../local/buildkit-layout.js'
import { MAIN } from '../helpers/constants.js'

const RECORDED = new URL('../fixtures/buildctl-v0.24.0-du-prune/', import.meta.url).pathname
const action = useActionProcess()
let svc: RunningCacheService
let root: string
let runId = 500

beforeAll(async () => {
  svc = await startCacheService()
  root = mkdtempSync(join(tmpdir(), 'local-steps-'))
})
afterAll(async () => {
  await svc.stop()
  rmSync(root, { recursive: true, force: true })
})

interface JobResult {
  outputs: Record<string, string>
  summary: string
  log: string
  requests: Record<string, number>
}

/**
 * One job: main step, "build", post step. RUNNER_TEMP is the same absolute directory for every job,
 * as on hosted runners, and emptied in between, as a fresh runner would have it.
 */
async function job(o: {
  exported: LayerSpec[] | 'nothing'
  inputs?: Record<string, string>
  /** Inputs only the post step sees (the main step would refuse a bad one). */
  postInputs?: Record<string, string>
  sha?: string
  cacheMode?: string
  /** Runs before the main step, on the fresh runner. */
  before?: (temp: string) => Promise<void>
}): Promise<JobResult> {
  const id = ++runId
  const temp = join(root, 'runner-temp')
  rmSync(temp, { recursive: true, force: true })
  const files = join(root, `job-${id}`)
  for (const dir of [temp, files, join(files, 'work')]) mkdirSync(dir, { recursive: true })
  const [output, state] = ['output', 'state'].map((name) => join(files, name))
  // @actions/core keeps the summary file of its first write: one file, emptied per job.
  const summary = join(root, 'summary')
  for (const file of [output, state, summary]) writeFileSync(file, '')
  const inputs = { type: 'local', scope: 'web', summary: 'true', ...o.inputs }
  const jobEnv = svc.jobEnv({ ref: MAIN, ...(o.cacheMode ? { cacheMode: o.cacheMode } : {}) })
  const env = {
    ...jobEnv,
    PATH: process.env.PATH ?? '',
    GITHUB_WORKSPACE: join(files, 'work'),
    RUNNER_TEMP: temp,
    GITHUB_OUTPUT: output,
    GITHUB_STATE: state,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_JOB: 'build',
    GITHUB_SHA: o.sha ?? id.toString(16).padStart(40, 'a'),
    GITHUB_RUN_ID: String(id),
    GITHUB_RUN_ATTEMPT: '1',
    ...Object.fromEntries(
      Object.entries({ 'github-token': jobEnv.GITHUB_TOKEN, ...inputs }).map(([k, v]) => [
        `INPUT_${k.toUpperCase()}`,
        v,
      ]),
    ),
  }
  await o.before?.(temp)
  svc.resetRequestCounts()
  process.env = { ...env }
  await runMain()
  const outputs = readCommandFile(output)
  if (o.exported !== 'nothing') {
    const dest = /type=local,dest=([^,]+)/.exec(outputs['cache-to'])![1]
    await writeBuildKitLayout(dest, o.exported)
  }
  process.env = {
    ...env,
    ...Object.fromEntries(
      Object.entries(o.postInputs ?? {}).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]),
    ),
    ...Object.fromEntries(
      Object.entries(readCommandFile(state)).map(([k, v]) => [`STATE_${k}`, v]),
    ),
  }
  await runPost()
  return {
    outputs,
    summary: readFileSync(summary, 'utf8'),
    log: action.stdout(),
    requests: svc.requestCounts(),
  }
}

const ours = () => svc.entries().filter((e) => e.committed && e.key.startsWith(LOCAL_KEY_PREFIX))
const base: LayerSpec = { seed: 'steps-base', size: 256 * 1024 }
const app = (n: number): LayerSpec => ({ seed: `steps-app-${n}`, size: 128 * 1024 })

describe('main and post steps with type=local', () => {
  it('saves the first build, uploads nothing for an unchanged one, replaces the entry when it changes', async () => {
    const first = await job({ exported: [base, app(1)] })
    const dir = join(root, 'runner-temp', 'buildkit-cache', 'web')
    expect(first.outputs['cache-from']).toBe(`type=local,src=${dir}`)
    expect(first.outputs['cache-to']).toBe(`type=local,dest=${dir}-new,mode=max,ignore-error=true`)
    expect(first.outputs['cache-hit']).toBe('false')
    expect(first.summary).toContain('### Local cache <code>web</code>: saved a new generation')
    const [saved] = ours()
    expect(ours()).toHaveLength(1)

    const second = await job({ exported: [base, app(1)] })
    expect(second.log).toContain(`Restored ${saved.key} into ${dir}`)
    expect(second.outputs['cache-hit']).toBe('true')
    expect(second.summary).toContain(
      '### Local cache <code>web</code>: unchanged, nothing uploaded',
    )
    expect(second.requests['v2.CreateCacheEntry'] ?? 0).toBe(0)
    expect(ours().map((e) => e.key)).toEqual([saved.key])

    const third = await job({ exported: [base, app(2)] })
    expect(third.summary).toContain('### Local cache <code>web</code>: saved a new generation')
    expect(third.summary).toContain('| Older generations deleted | 1 (')
    expect(ours()).toHaveLength(1)
    expect(ours()[0].key).not.toBe(saved.key)
    expect(third.log).not.toContain('::warning::')
  })

  it('a failed build (nothing exported) saves nothing and warns nothing', async () => {
    const sha = 'f'.repeat(40)
    await job({ exported: [base, app(3)], sha })
    const rerun = await job({ exported: 'nothing', sha })
    expect(rerun.outputs['cache-hit']).toBe('true')
    expect(rerun.summary).toContain('nothing exported, nothing saved')
    expect(rerun.log).not.toContain('::warning::')
  })
})

describe('main and post steps with ACTIONS_CACHE_MODE=write-only', () => {
  it('restores nothing and never saves a stale export left on the runner', async () => {
    const result = await job({
      exported: 'nothing',
      cacheMode: 'write-only',
      before: async (temp) => {
        await writeBuildKitLayout(join(temp, 'buildkit-cache', 'web-new'), [
          { seed: 'stale', size: 4096 },
        ])
      },
    })
    expect(result.outputs['cache-from']).toBe('')
    expect(result.summary).toContain('nothing exported, nothing saved')
    expect(result.requests['v2.GetCacheEntryDownloadURL'] ?? 0).toBe(0)
    expect(result.requests['v2.CreateCacheEntry'] ?? 0).toBe(0)
  })
})

describe('post step: builder cache', () => {
  it('reports usage through buildctl on PATH', async () => {
    const bin = join(root, 'bin')
    mkdirSync(bin, { recursive: true })
    await fsp.writeFile(
      join(bin, 'buildctl'),
      `#!/bin/sh\ncase "$*" in\n  '--version') echo 'buildctl v0.24.0' ;;\n  'du --format {{json .}}') cat '${RECORDED}du-json.txt' ;;\n  *) exit 2 ;;\nesac\n`,
      { mode: 0o755 },
    )
    const path = process.env.PATH
    process.env.PATH = `${bin}:/usr/bin:/bin`
    try {
      const result = await job({ exported: 'nothing', inputs: { 'builder-usage': 'true' } })
      expect(result.summary).toContain('### Builder cache (buildctl)')
      expect(result.summary).toContain('| Records | 9 |')
    } finally {
      process.env.PATH = path
    }
  })

  it('says once that no tool is there', async () => {
    // A docker without the buildx plugin shadows any real one; no buildctl in the fake directory.
    const bin = join(root, 'no-buildx-bin')
    mkdirSync(bin, { recursive: true })
    await fsp.writeFile(
      join(bin, 'docker'),
      `#!/bin/sh\necho "docker: unknown command: docker $1" >&2\nexit 1\n`,
      { mode: 0o755 },
    )
    await fsp.writeFile(
      join(bin, 'buildctl'),
      `#!/bin/sh\necho "buildctl: not installed here" >&2\nexit 127\n`,
      { mode: 0o755 },
    )
    const path = process.env.PATH
    process.env.PATH = `${bin}:/usr/bin:/bin`
    try {
      const result = await job({
        exported: 'nothing',
        inputs: { 'builder-usage': 'true', 'builder-prune': 'true' },
      })
      const warnings = result.log.split('\n').filter((l) => l.startsWith('::warning::'))
      expect(warnings).toEqual([
        '::warning::builder cache: Neither buildctl nor docker buildx is on PATH: builder-usage and builder-prune did nothing.',
      ])
    } finally {
      process.env.PATH = path
    }
  })

  it('warns about a bad prune filter and leaves the rest of the post step alone', async () => {
    const result = await job({
      exported: [base, app(4)],
      postInputs: { 'builder-prune': 'true', 'builder-prune-filter': 'size>10' },
    })
    expect(result.log).toContain(
      '::warning::builder cache: Input "builder-prune-filter" has "size>10"',
    )
    expect(result.summary).toContain('### Local cache <code>web</code>: saved a new generation')
  })
})
