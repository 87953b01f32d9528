/** Unit tests for src/state.ts: the main → post state round-trips, and anything else is absent. */
import { afterEach, describe, expect, it } from '@jest/globals'
import { loadMainState, parseMainState, saveMainState, type MainState } from '../src/state.js'
import { readCommandFile, runnerFiles } from './helpers/runner.js'

const STATE: MainState = {
  version: 1,
  type: 'local',
  scope: 'build-linux-amd64-1a2b3c4d',
  path: '/runner/_temp/buildkit-cache/build',
  importEnabled: true,
  exportEnabled: false,
  protocol: 'v2',
  ref: 'refs/pull/3/merge',
  readableRefs: ['refs/pull/3/merge', 'refs/heads/main'],
  writableRefs: ['refs/pull/3/merge'],
  exportRef: 'refs/pull/3/merge',
  startedAt: '2026-01-02T03:04:05.000Z',
  local: { cacheHit: true, restoredKey: 'k', manifestDigest: 'sha256:abc' },
}

describe('main → post state', () => {
  const saved = { ...process.env }
  afterEach(() => {
    process.env = { ...saved }
  })

  it('round-trips through GITHUB_STATE and STATE_<key>, as the runner carries it', () => {
    const files = runnerFiles()
    process.env.GITHUB_STATE = files.state
    saveMainState(STATE)
    const written = readCommandFile(files.state)
    expect(Object.keys(written)).toEqual(['buildkit-cache-main'])
    process.env['STATE_buildkit-cache-main'] = written['buildkit-cache-main']
    expect(loadMainState()).toEqual(STATE)
  })

  it('is absent when the main step saved nothing', () => {
    delete process.env['STATE_buildkit-cache-main']
    expect(loadMainState()).toBeUndefined()
  })

  const minimal = {
    ...STATE,
    path: undefined,
    ref: undefined,
    exportRef: undefined,
    local: undefined,
  }
  it.each([
    ['', undefined],
    ['not json', undefined],
    ['null', undefined],
    ['[]', undefined],
    [JSON.stringify({ ...STATE, version: 2 }), undefined],
    [JSON.stringify({ ...STATE, type: 'redis' }), undefined],
    [JSON.stringify({ ...STATE, protocol: 'v3' }), undefined],
    [JSON.stringify({ ...STATE, readableRefs: 'refs/heads/main' }), undefined],
    [JSON.stringify({ ...STATE, exportEnabled: 'yes' }), undefined],
    [JSON.stringify({ ...STATE, local: { cacheHit: 'true' } }), undefined],
    [JSON.stringify({ ...STATE, startedAt: 1 }), undefined],
    [JSON.stringify({ ...STATE, exportKeyMap: 'true' }), undefined],
    [JSON.stringify({ ...STATE, exportKeyMap: true }), { ...STATE, exportKeyMap: true }],
    [JSON.stringify(minimal), JSON.parse(JSON.stringify(minimal))],
    [JSON.stringify({ ...STATE, unknownField: 1 }), { ...STATE, unknownField: 1 }],
  ])('parses %s as %j', (text, expected) => {
    expect(parseMainState(text)).toEqual(expected)
  })
})
