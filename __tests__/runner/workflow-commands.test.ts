/**
 * src/runner/workflow-commands.ts against @actions/core 3, side by side: for each call, the same stdout,
 * the same runner files (delimiters aside) and the same process.env.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import * as runner from '../../src/runner/workflow-commands.js'
import { scratchDir } from '../helpers/scratch.js'

const saved = { ...process.env }
afterEach(() => {
  process.env = { ...saved }
  process.exitCode = undefined
  jest.restoreAllMocks()
})

type Api = typeof runner
type Call = (api: Api) => void | Promise<void>

/** What one implementation left: stdout, the runner files, the variables it set, the exit code. */
async function effects(call: Call, api: Api, files: boolean) {
  const dir = scratchDir('workflow-commands-')
  const paths = {
    GITHUB_OUTPUT: 'output',
    GITHUB_STATE: 'state',
    GITHUB_ENV: 'env',
    GITHUB_STEP_SUMMARY: 'summary',
  }
  process.env = { ...saved, INPUT_SOME_NAME: '  padded value \n', STATE_main: '{"a":1}' }
  for (const [name, file] of Object.entries(paths)) {
    delete process.env[name]
    if (!files) continue
    writeFileSync(join(dir, file), '')
    process.env[name] = join(dir, file)
  }
  const out: string[] = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true))
  let result: unknown
  try {
    result = await call(api)
  } catch (error) {
    result = `threw: ${(error as Error).message.replace(dir, '<dir>')}`
  }
  jest.restoreAllMocks()
  const read = (file: string) => (files ? readFileSync(join(dir, file), 'utf8') : '')
  const unDelimited = (s: string) => s.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X')
  const outcome = {
    result,
    stdout: unDelimited(out.join('')),
    files: Object.fromEntries(Object.values(paths).map((f) => [f, unDelimited(read(f))])),
    env: { EXPORTED: process.env.EXPORTED, 'with space': process.env['with space'] },
    exitCode: process.exitCode,
  }
  process.exitCode = undefined
  return outcome
}

// @actions/core's functions under the names ours have; only the summary differs in shape.
const actionsCore = {
  ...core,
  appendSummary: async (markdown: string) => {
    // It remembers the file of its first write; each call here starts from the environment.
    ;(core.summary as unknown as { _filePath?: string })._filePath = undefined
    await core.summary.addRaw(markdown).write()
    core.summary.emptyBuffer()
  },
} as unknown as Api

const CALLS: Array<[string, Call]> = [
  ['getInput trims', (api) => void api.info(JSON.stringify(api.getInput('some name')))],
  ['getInput of an absent input', (api) => void api.info(JSON.stringify(api.getInput('nope')))],
  ['getState', (api) => void api.info(api.getState('main'))],
  ['setOutput, a multi-line value', (api) => api.setOutput('cache-to', 'a,b\nc=d\r\n%')],
  ['setOutput of a number', (api) => api.setOutput('deleted-count', 3 as unknown as string)],
  ['saveState of JSON', (api) => api.saveState('buildkit-cache-main', JSON.stringify({ x: 'y' }))],
  ['exportVariable', (api) => api.exportVariable('EXPORTED', 'v\nw')],
  ['setSecret with line breaks and %', (api) => api.setSecret('s3cr%t\r\nline')],
  ['info', (api) => api.info('plain :: text %0A')],
  [
    'debug, warning, group',
    (api) => {
      api.debug('d%\n')
      api.warning('w: a, b\r\n::c')
      api.startGroup('g\nh')
      api.endGroup()
    },
  ],
  ['setFailed', (api) => api.setFailed('bad\ninput')],
  ['the job summary', (api) => api.appendSummary('## Title\n\n| a | b |\n')],
]

describe('workflow commands, as @actions/core writes them', () => {
  it.each(CALLS)('%s (runner files)', async (_name, call) => {
    expect(await effects(call, runner, true)).toEqual(await effects(call, actionsCore, true))
  })

  it.each(CALLS)(
    '%s (no runner files: the stdout commands, or the same error)',
    async (_name, call) => {
      expect(await effects(call, runner, false)).toEqual(await effects(call, actionsCore, false))
    },
  )

  it('the comparison can fail: a different value is seen', async () => {
    const ours = await effects((api) => api.setOutput('x', 'one'), runner, true)
    const theirs = await effects((api) => api.setOutput('x', 'two'), actionsCore, true)
    expect(ours).not.toEqual(theirs)
  })
})
