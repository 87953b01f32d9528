/** Unit tests for src/cache-options/access.ts: who imports and exports, and the reason logged. */
import { describe, expect, it } from '@jest/globals'
import { discoverRuntime } from '../../src/runtime.js'
import { decideAccess, type ExportSetting } from '../../src/cache-options/access.js'
import type { CacheType } from '../../src/cache-options/model.js'
import { runtimeToken } from '../helpers/runner.js'

const WRITABLE = runtimeToken([
  { Scope: 'refs/heads/dev', Permission: 3 },
  { Scope: 'refs/heads/main', Permission: 1 },
])
const READ_ONLY = runtimeToken([{ Scope: 'refs/heads/main', Permission: 1 }])
const NO_WRITE =
  'the runtime token grants no writable cache scope (a read-only token, as untrusted triggers get)'

describe('decideAccess', () => {
  it.each<[CacheType, ExportSetting, Record<string, string>, object]>([
    [
      'gha',
      'auto',
      { ACTIONS_RUNTIME_TOKEN: WRITABLE },
      {
        importEnabled: true,
        exportEnabled: true,
        importReason: 'importing',
        exportReason: 'exporting to refs/heads/dev',
      },
    ],
    [
      'local',
      'auto',
      { ACTIONS_RUNTIME_TOKEN: WRITABLE },
      { exportEnabled: true, exportReason: 'exporting to refs/heads/dev' },
    ],
    [
      'gha',
      'auto',
      { ACTIONS_RUNTIME_TOKEN: READ_ONLY },
      { importEnabled: true, exportEnabled: false, exportReason: `not exporting: ${NO_WRITE}` },
    ],
    [
      'local',
      'auto',
      { ACTIONS_RUNTIME_TOKEN: READ_ONLY },
      { exportEnabled: false, exportReason: `not exporting: ${NO_WRITE}` },
    ],
    [
      'gha',
      'auto',
      { ACTIONS_RUNTIME_TOKEN: runtimeToken([]) },
      { exportEnabled: false, exportReason: `not exporting: ${NO_WRITE}` },
    ],
    [
      'gha',
      true,
      { ACTIONS_RUNTIME_TOKEN: READ_ONLY },
      {
        exportEnabled: true,
        exportReason: 'exporting: export is true',
        warning: `export is true but ${NO_WRITE}; the export will fail (ignored unless ignore-error is false)`,
      },
    ],
    [
      'gha',
      false,
      { ACTIONS_RUNTIME_TOKEN: WRITABLE },
      { importEnabled: true, exportEnabled: false, exportReason: 'not exporting: export is false' },
    ],
    [
      'gha',
      'auto',
      { ACTIONS_RUNTIME_TOKEN: WRITABLE, ACTIONS_CACHE_MODE: 'read' },
      {
        importEnabled: true,
        exportEnabled: false,
        exportReason: 'not exporting: ACTIONS_CACHE_MODE is read',
      },
    ],
    [
      'gha',
      'auto',
      { ACTIONS_RUNTIME_TOKEN: WRITABLE, ACTIONS_CACHE_MODE: 'write-only' },
      {
        importEnabled: false,
        importReason: 'not importing: ACTIONS_CACHE_MODE is write-only',
        exportEnabled: true,
      },
    ],
    [
      'local',
      'auto',
      { ACTIONS_RUNTIME_TOKEN: WRITABLE, ACTIONS_CACHE_MODE: 'none' },
      {
        importEnabled: false,
        exportEnabled: false,
        exportReason: 'not exporting: ACTIONS_CACHE_MODE is none',
      },
    ],
    // A token whose scopes cannot be read does not block: ignore-error covers a failed export.
    [
      'gha',
      'auto',
      { ACTIONS_RUNTIME_TOKEN: 'opaque' },
      { importEnabled: true, exportEnabled: true, exportReason: 'exporting' },
    ],
    // The Actions token does not govern other backends.
    [
      'registry',
      'auto',
      { ACTIONS_RUNTIME_TOKEN: READ_ONLY, ACTIONS_CACHE_MODE: 'none' },
      { importEnabled: true, exportEnabled: true, exportReason: 'exporting to registry' },
    ],
    [
      's3',
      'auto',
      {},
      { importEnabled: true, exportEnabled: true, exportReason: 'exporting to s3' },
    ],
    [
      'inline',
      false,
      {},
      { importEnabled: true, exportEnabled: false, exportReason: 'not exporting: export is false' },
    ],
    ['azblob', true, {}, { exportEnabled: true }],
  ])('%s, export %s, env %j → %j', (type, exportSetting, env, expected) => {
    const decision = decideAccess(type, exportSetting, discoverRuntime(env))
    expect(decision).toMatchObject(expected)
    if (!('warning' in expected)) expect(decision.warning).toBeUndefined()
  })
})

describe('merge queues', () => {
  const QUEUE = `refs/heads/gh-readonly-queue/main/pr-42-${'ab12'.repeat(10)}`
  it.each(['gha', 'local', 'registry'] as const)(
    "a merge queue's run of type %s imports and, by default, does not export (no later run reads its ref)",
    (type) => {
      const decision = decideAccess(type, 'auto', discoverRuntime({}), QUEUE)
      expect(decision).toMatchObject({ importEnabled: true, exportEnabled: false })
      expect(decision.exportReason).toBe(
        `not exporting: ${QUEUE} is a merge queue's ref, which no later run reads (importing refs/heads/main's cache); export: true exports anyway`,
      )
    },
  )

  it('export: true exports anyway; s3 and inline are not stored under the ref', () => {
    expect(decideAccess('gha', true, discoverRuntime({}), QUEUE).exportEnabled).toBe(true)
    expect(decideAccess('s3', 'auto', discoverRuntime({}), QUEUE).exportEnabled).toBe(true)
    expect(decideAccess('inline', 'auto', discoverRuntime({}), QUEUE).exportEnabled).toBe(true)
    expect(
      decideAccess('gha', 'auto', discoverRuntime({}), 'refs/heads/gh-readonly-queue')
        .exportEnabled,
    ).toBe(true)
  })
})
