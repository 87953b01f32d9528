/**
 * The built main step, `node dist/main/index.js`, run as the runner runs it: INPUT_* variables and
 * the GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE files. Also checks what start-up loads: ncc puts
 * type local's code, @actions/cache and the cache mounts' code (imported on demand) in chunks of
 * their own, which nothing else loads.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startCacheService } from '../dev/cache-service/index.js'
import { parseMainState } from '../src/state.js'
import { runStep, runtimeToken } from './helpers/runner.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const bundle = join(root, 'dist/main/index.js')

const TOKEN = runtimeToken([
  { Scope: 'refs/heads/feature', Permission: 3 },
  { Scope: 'refs/heads/main', Permission: 1 },
])

const runBundle = (inputs: Record<string, string>, env: Record<string, string>) =>
  runStep('dist/main/index.js', inputs, env)

const chunks = () =>
  readdirSync(join(root, 'dist/main')).filter((name) => /^\d+\.index\.js$/.test(name))
const loadedChunks = (loaded: string[]) =>
  loaded
    .filter((url) => /\/dist\/main\/\d+\.index\.js$/.test(url))
    .map((url) => url.split('/').pop())

/** The chunks of dist/main whose code holds `text`. */
const holding = (text: string) =>
  chunks().filter((chunk) => readFileSync(join(root, 'dist/main', chunk), 'utf8').includes(text))

describe('dist/main/index.js', () => {
  it("is built, with @actions/cache and type local's code in chunks of their own", async () => {
    expect(existsSync(bundle)).toBe(true)
    // A string only @actions/cache's cache-service code holds; one only src/local/restore.ts does.
    expect(holding('Cache Service Url not found')).toHaveLength(1)
    expect(holding('is not a complete OCI layout')).toHaveLength(1)
    // One only the cache mounts' carrying holds.
    expect(holding('Injecting ')).toHaveLength(1)
    const main = readFileSync(bundle, 'utf8')
    expect(main).not.toContain('Cache Service Url not found')
    expect(main).not.toContain('is not a complete OCI layout')
    expect(main).not.toContain('Injecting ')
  })

  it('type gha: writes outputs, exported variables and state; loads no chunk', async () => {
    const result = await runBundle(
      { type: 'gha', scope: 'web', timeout: '5m' },
      {
        ACTIONS_RUNTIME_TOKEN: TOKEN,
        ACTIONS_RESULTS_URL: 'https://results.example/',
        ACTIONS_CACHE_SERVICE_V2: 'True',
        GITHUB_JOB: 'build',
        GITHUB_REF: 'refs/heads/feature',
      },
    )
    expect({ status: result.status, stdout: result.stdout }).toEqual({
      status: 0,
      stdout: expect.any(String),
    })
    expect(result.outputs['cache-from']).toBe('type=gha,scope=web,timeout=5m')
    expect(result.outputs['cache-to']).toBe(
      'type=gha,scope=web,mode=max,timeout=5m,ignore-error=true',
    )
    expect(result.outputs['export-enabled']).toBe('true')
    expect(result.env).toEqual({
      ACTIONS_RUNTIME_TOKEN: TOKEN,
      ACTIONS_RESULTS_URL: 'https://results.example/',
      ACTIONS_CACHE_SERVICE_V2: 'True',
    })
    expect(parseMainState(result.state['buildkit-cache-main'])).toMatchObject({
      type: 'gha',
      scope: 'web',
      exportRef: 'refs/heads/feature',
      readableRefs: ['refs/heads/feature', 'refs/heads/main'],
    })
    expect(result.stdout.startsWith(`::add-mask::${TOKEN}\n`)).toBe(true)
    expect(loadedChunks(result.loaded)).toEqual([])
    expect(result.loaded.some((url) => url.endsWith('/dist/main/index.js'))).toBe(true)
  })

  it('type local: loads the @actions/cache chunk on demand, and it works', async () => {
    // type local restores through @actions/cache, so the job talks to the local cache service.
    const service = await startCacheService()
    try {
      const result = await runBundle(
        { type: 'local' },
        {
          ...service.jobEnv({ ref: 'refs/heads/feature', readRefs: ['refs/heads/main'] }),
          GITHUB_JOB: 'build',
        },
      )
      expect({ status: result.status, stdout: result.stdout }).toEqual({
        status: 0,
        stdout: expect.any(String),
      })
      // type local's code and @actions/cache's, none of the cache mounts' (only cache-mounts asks).
      const loaded = loadedChunks(result.loaded)
      expect(loaded).toEqual(expect.arrayContaining(holding('is not a complete OCI layout')))
      expect(loaded).toEqual(expect.arrayContaining(holding('Cache Service Url not found')))
      expect(loaded.filter((chunk) => holding('Injecting ').includes(chunk!))).toEqual([])
      expect(result.outputs['cache-hit']).toBe('false')
      expect(result.outputs['cache-from']).toBe(
        `type=local,src=${join(result.dir, 'buildkit-cache', 'build')}`,
      )
      // The chunk's isFeatureAvailable() saw the v2 service and its lookup missed: no warning.
      expect(result.stdout).not.toContain('::warning::')
      expect(service.requestCounts()).toMatchObject({ 'v2.GetCacheEntryDownloadURL': 1 })
    } finally {
      await service.stop()
    }
  })

  it('a bad input: exit code 1 and the message as an error annotation', async () => {
    const result = await runBundle({ type: 'registry' }, { GITHUB_JOB: 'build' })
    expect({ status: result.status, stdout: result.stdout }).toEqual({
      status: 1,
      stdout: expect.any(String),
    })
    expect(result.stdout).toContain(
      "::error::Invalid input 'ref': type registry needs the cache repository, and it is empty.",
    )
    expect(result.outputs).toEqual({})
  })
})
