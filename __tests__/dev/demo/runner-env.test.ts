/** dev/demo/runner-env.ts: the runner's command files, read back after the steps write them (src/runner/workflow-commands.ts, which writes what @actions/core would). */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import * as core from '@actions/core'
import {
  createStepFiles,
  inputVariables,
  parseCommandFile,
  readStepFiles,
  stepEnvironment,
} from '../../../dev/demo/runner-env.js'

const dir = mkdtempSync(join(tmpdir(), 'runner-env-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('parseCommandFile', () => {
  it.each([
    ['', {}],
    ['a=1\nb=two words\n', { a: '1', b: 'two words' }],
    ['a=1\na=2\n', { a: '2' }],
    ['x<<EOF\nline 1\nline 2\nEOF\n', { x: 'line 1\nline 2' }],
    ['x<<ghadelimiter_1\n\nghadelimiter_1\ny=z\n', { x: '', y: 'z' }],
    ['k=a=b\r\n', { k: 'a=b' }],
  ])('%j → %j', (text, expected) => {
    expect(parseCommandFile(text)).toEqual(expected)
  })

  it.each([
    ['x<<EOF\nno end', 'command file: x has no closing EOF'],
    ['novalue', 'command file: cannot read line "novalue"'],
    ['=v', 'command file: cannot read line "=v"'],
  ])('rejects %j', (text, message) => {
    expect(() => parseCommandFile(text)).toThrow(message)
  })
})

describe('step files', () => {
  it('reads back what @actions/core writes', async () => {
    const files = createStepFiles(join(dir, 'step'))
    const env = stepEnvironment(
      { GITHUB_REF: 'refs/heads/main' },
      { 'cache-limit': '10GB', scope: 'web' },
      files,
      { prior: '1' },
    )
    expect(env['INPUT_CACHE-LIMIT']).toBe('10GB')
    expect(env.STATE_prior).toBe('1')
    const saved = { ...process.env }
    Object.assign(process.env, env)
    try {
      core.setOutput('cache-from', 'type=gha,scope=web\ntype=gha,scope=main')
      core.saveState('scope', 'web')
      core.exportVariable('ACTIONS_RESULTS_URL', 'http://127.0.0.1:1/')
      await core.summary.addHeading('Cache').write()
    } finally {
      process.env = saved
    }
    const result = readStepFiles(files)
    expect(result.outputs).toEqual({ 'cache-from': 'type=gha,scope=web\ntype=gha,scope=main' })
    expect(result.state).toEqual({ scope: 'web' })
    expect(result.exportedEnv).toEqual({ ACTIONS_RESULTS_URL: 'http://127.0.0.1:1/' })
    expect(result.summary).toContain('<h1>Cache</h1>')
  })

  it.each([
    [{ scope: 'web' }, { INPUT_SCOPE: 'web' }],
    [{ 'github-token': 't' }, { 'INPUT_GITHUB-TOKEN': 't' }],
    [{ 'my input': 'v' }, { INPUT_MY_INPUT: 'v' }],
  ])('inputVariables(%j)', (inputs, expected) => {
    expect(inputVariables(inputs)).toEqual(expected)
  })
})
