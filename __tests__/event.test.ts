/** src/event.ts: the event payload and the default branch read from it. */
import { describe, expect, it } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { defaultBranchOf, readEvent } from '../src/event.js'
import { scratchDir } from './helpers/scratch.js'

describe('defaultBranchOf', () => {
  it.each<[unknown, string | undefined]>([
    [{ repository: { default_branch: 'main' } }, 'main'],
    [{ repository: { default_branch: 'release/2' } }, 'release/2'],
    [{ repository: { default_branch: '' } }, undefined],
    [{ repository: { default_branch: 7 } }, undefined],
    [{ repository: null }, undefined],
    [{}, undefined],
    [null, undefined],
    [undefined, undefined],
    ['main', undefined],
  ])('%j → %j', (event, branch) => {
    expect(defaultBranchOf(event)).toBe(branch)
  })
})

describe('readEvent', () => {
  const dir = scratchDir('bkc-event-')
  const file = (name: string, text: string) => {
    const path = join(dir, name)
    writeFileSync(path, text)
    return path
  }

  it.each<[string, string | undefined, unknown]>([
    [
      'a payload',
      file('ok.json', '{"pull_request":{"number":9}}'),
      { pull_request: { number: 9 } },
    ],
    ['no GITHUB_EVENT_PATH', undefined, undefined],
    ['a missing file', join(dir, 'absent.json'), undefined],
    ['a file that is not JSON', file('bad.json', '{"repository":'), undefined],
  ])('%s', (_, path, event) => {
    expect(readEvent(path === undefined ? {} : { GITHUB_EVENT_PATH: path })).toEqual(event)
  })
})
