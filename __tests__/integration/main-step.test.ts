/**
 * The built main step against the local GitHub-compatible cache service (dev/cache-service): its
 * runtime tokens and job environments, v2 and v1 (GHES). After the main step, a later "run: step"
 * that sees only the runner's GITHUB_* variables plus what the main step exported writes a
 * BuildKit index with the rendered scope, as buildctl would, and the entry lands where the state
 * says the export goes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  BUILDKIT_CACHE_VERSION,
  startCacheService,
  type JobEnvOptions,
  type RunningCacheService,
} from '../../dev/cache-service/index.js'
import { createGhaBackend } from '../../dev/buildkit/gha-backend.js'
import { indexKeyBase } from '../../src/buildkit/keys.js'
import { runtimeCredentials } from '../../src/runtime.js'
import { parseMainState } from '../../src/state.js'
import { runStep } from '../helpers/runner.js'

let service: RunningCacheService

beforeAll(async () => {
  service = await startCacheService({ uploadsPerMinute: 0 })
})
afterAll(async () => {
  await service.stop()
})

/** What the runner gives a `run:` step: the GITHUB_* variables, not the ACTIONS_* ones. */
function runStepEnv(jobEnv: Record<string, string>, exported: Record<string, string>) {
  const githubOnly = Object.fromEntries(
    Object.entries(jobEnv).filter(([name]) => name.startsWith('GITHUB_')),
  )
  return { ...githubOnly, ...exported }
}

/** A later step writes an index generation through the exposed runtime, as BuildKit's exporter does. */
async function exportIndexFromRunStep(
  env: Record<string, string | undefined>,
  scope: string,
): Promise<string> {
  const credentials = runtimeCredentials(env)
  if (!credentials)
    throw new Error('the exposed variables are not enough to reach the cache service')
  const backend = createGhaBackend(credentials)
  return backend.saveIndex(scope, '{"layers":[],"records":[]}')
}

/** The built main step in a job the service describes; fails the test unless it succeeds. */
async function mainStepIn(job: JobEnvOptions, inputs: Record<string, string>) {
  const jobEnv = service.jobEnv(job)
  const main = await runStep('dist/main/index.js', inputs, { ...jobEnv, GITHUB_JOB: 'build' })
  expect({ status: main.status, stdout: main.stdout }).toEqual({
    status: 0,
    stdout: expect.any(String),
  })
  return { jobEnv, main }
}

describe('main step against the local cache service', () => {
  it('v2 push: exposes exactly what a run step needs to export under the rendered scope', async () => {
    const { jobEnv, main } = await mainStepIn(
      { ref: 'refs/heads/main', protocol: 'v2' },
      { type: 'gha', scope: 'web' },
    )
    expect(Object.keys(main.env).sort()).toEqual([
      'ACTIONS_CACHE_SERVICE_V2',
      'ACTIONS_CACHE_URL',
      'ACTIONS_RESULTS_URL',
      'ACTIONS_RUNTIME_TOKEN',
    ])
    const state = parseMainState(main.state['buildkit-cache-main'])
    expect(state).toMatchObject({
      protocol: 'v2',
      scope: 'web',
      exportEnabled: true,
      exportRef: 'refs/heads/main',
    })
    expect(main.outputs['cache-to']).toBe('type=gha,scope=web,mode=max,ignore-error=true')

    const key = await exportIndexFromRunStep(runStepEnv(jobEnv, main.env), main.outputs.scope)
    expect(key).toBe(`${indexKeyBase('web', state?.exportRef ?? '')}#1`)
    expect(service.entries()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          key,
          ref: 'refs/heads/main',
          version: BUILDKIT_CACHE_VERSION,
          committed: true,
        }),
      ]),
    )
  })

  it('without the exposed variables a run step cannot reach the cache', async () => {
    const { jobEnv, main } = await mainStepIn(
      { ref: 'refs/heads/main', protocol: 'v2' },
      { 'expose-runtime': 'false' },
    )
    expect(runtimeCredentials(runStepEnv(jobEnv, main.env))).toBeUndefined()
  })

  it('a pull request: reads its own ref and the default branch, exports to its own ref', async () => {
    service.setPullRequest(5, { state: 'open', base: 'main', head: 'feature' })
    const { main } = await mainStepIn(
      { ref: 'refs/pull/5/merge', protocol: 'v2' },
      { scope: 'web' },
    )
    expect(parseMainState(main.state['buildkit-cache-main'])).toMatchObject({
      readableRefs: expect.arrayContaining(['refs/pull/5/merge', 'refs/heads/main']),
      writableRefs: ['refs/pull/5/merge'],
      exportRef: 'refs/pull/5/merge',
    })
    expect(main.stdout).toContain('Writable refs: refs/pull/5/merge')
  })

  it('a read-only token: imports, does not export, and says why', async () => {
    const { main } = await mainStepIn(
      { ref: 'refs/heads/main', protocol: 'v2', write: false },
      { scope: 'web' },
    )
    expect(main.outputs['cache-from']).toBe('type=gha,scope=web')
    expect(main.outputs['cache-to']).toBe('')
    expect(main.outputs['export-enabled']).toBe('false')
    expect(main.stdout).toContain('not exporting: the runtime token grants no writable cache scope')
  })

  it('GHES (v1): logs the v1 service, saves the protocol, and a run step exports over v1', async () => {
    const { jobEnv, main } = await mainStepIn(
      { ref: 'refs/heads/release', protocol: 'v1' },
      { scope: 'api' },
    )
    expect(main.stdout).toContain('Cache service: v1 (REST, GHES)')
    expect(main.env).not.toHaveProperty('ACTIONS_CACHE_SERVICE_V2')
    expect(parseMainState(main.state['buildkit-cache-main'])).toMatchObject({ protocol: 'v1' })
    const key = await exportIndexFromRunStep(runStepEnv(jobEnv, main.env), 'api')
    expect(key).toBe(`${indexKeyBase('api', 'refs/heads/release')}#1`)
  })

  it('type local: @actions/cache, loaded on demand, finds the service available', async () => {
    const { main } = await mainStepIn({ ref: 'refs/heads/main', protocol: 'v2' }, { type: 'local' })
    expect(main.stdout).not.toContain('::warning::')
    expect(main.outputs['cache-hit']).toBe('false')
  })
})
