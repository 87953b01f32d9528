/**
 * Whether this run imports and exports, and why. Pure.
 *
 * Only `gha` and `local` live in the Actions cache, so only they depend on the runtime token and
 * `ACTIONS_CACHE_MODE`; registry, inline, s3 and azblob writes are governed by credentials the
 * action does not see, and `export: auto` exports to them. A merge queue's run (`merge_group`)
 * exports nothing by default to what is stored under its ref (gha, local, registry tags): no
 * later run reads it; it imports its base branch's cache.
 */
import type { RuntimeInfo } from '../runtime.js'
import { tokenRefs } from '../runtime.js'
import { mergeQueueBase } from '../refs.js'
import type { CacheType } from './model.js'

export type ExportSetting = 'auto' | boolean

export interface AccessDecision {
  readonly importEnabled: boolean
  readonly exportEnabled: boolean
  /** Why the run imports or not, and exports or not: one line each for the log. */
  readonly importReason: string
  readonly exportReason: string
  /** Set when the export is forced although the token cannot write. */
  readonly warning?: string
}

const ACTIONS_CACHE_TYPES: readonly CacheType[] = ['gha', 'local']

/** Types whose exports are stored under the run's ref, so only a later run of that ref reads them. */
const REF_SCOPED_TYPES: readonly CacheType[] = ['gha', 'local', 'registry']

export function decideAccess(
  type: CacheType,
  exportSetting: ExportSetting,
  runtime: RuntimeInfo,
  /** `GITHUB_REF`: a merge queue's ref is never read back (refs.ts mergeQueueBase). */
  ref?: string,
): AccessDecision {
  const queueBase = ref === undefined ? undefined : mergeQueueBase(ref)
  if (queueBase !== undefined && exportSetting === 'auto' && REF_SCOPED_TYPES.includes(type)) {
    const read = ACTIONS_CACHE_TYPES.includes(type)
      ? readDecision(runtime)
      : { importEnabled: true, importReason: 'importing' }
    return {
      ...read,
      exportEnabled: false,
      exportReason: `not exporting: ${ref} is a merge queue's ref, which no later run reads (importing ${queueBase}'s cache); export: true exports anyway`,
    }
  }
  if (!ACTIONS_CACHE_TYPES.includes(type)) {
    return {
      importEnabled: true,
      exportEnabled: exportSetting !== false,
      importReason: 'importing',
      exportReason:
        exportSetting === false ? 'not exporting: export is false' : `exporting to ${type}`,
    }
  }
  const read = readDecision(runtime)
  const write = writeBlocker(runtime)
  if (exportSetting === false) {
    return { ...read, exportEnabled: false, exportReason: 'not exporting: export is false' }
  }
  if (write === undefined) {
    const target = tokenRefs(runtime).exportRef
    return {
      ...read,
      exportEnabled: true,
      exportReason: target ? `exporting to ${target}` : 'exporting',
    }
  }
  if (exportSetting === true) {
    return {
      ...read,
      exportEnabled: true,
      exportReason: 'exporting: export is true',
      warning: `export is true but ${write}; the export will fail (ignored unless ignore-error is false)`,
    }
  }
  return { ...read, exportEnabled: false, exportReason: `not exporting: ${write}` }
}

function readDecision(
  runtime: RuntimeInfo,
): Pick<AccessDecision, 'importEnabled' | 'importReason'> {
  if (!runtime.modeAllowsRead) {
    return {
      importEnabled: false,
      importReason: `not importing: ACTIONS_CACHE_MODE is ${runtime.cacheMode}`,
    }
  }
  return { importEnabled: true, importReason: 'importing' }
}

/** Why the Actions cache cannot be written in this run, or undefined when it can (or may). */
function writeBlocker(runtime: RuntimeInfo): string | undefined {
  if (!runtime.modeAllowsWrite) return `ACTIONS_CACHE_MODE is ${runtime.cacheMode}`
  // Undecodable scopes do not block: ignore-error keeps a failed export from failing the build.
  if (runtime.scopes && tokenRefs(runtime).writable.length === 0) {
    return 'the runtime token grants no writable cache scope (a read-only token, as untrusted triggers get)'
  }
  return undefined
}
