/**
 * What makes two `RUN --mount=type=cache` the same cache in BuildKit, so that the action can
 * carry a mount's content from one builder to the next (docs/cache-mounts.md). Pure.
 *
 * Facts (recorded with real BuildKit v0.24.0 and v0.32.2, __tests__/fixtures/buildkit-cache-mounts):
 * the key is `BUILDKIT_CACHE_MOUNT_NS` + `/` + the `id` (the target without its trailing slash
 * when there is no id), case-sensitive and never path-cleaned; `uid`, `gid` and `mode` give the
 * mount a base directory made with those (0, 0 and 0755 for the ones not given), so any of them
 * makes another cache, and `mode=0755` is the same as `uid=0`; `from` makes the named image the
 * base. `target`, `sharing`, `ro`, `source`, the stage and the command are not part of it.
 */

import { csvFields } from '../cache-options/csv.js'

/** A cache mount of a RUN instruction, as the Dockerfile frontend reads its flag. */
export interface CacheMount {
  /** The `id` as written (expanded); undefined when the flag has none. */
  id?: string
  target: string
  uid?: number
  gid?: number
  /** Octal in the Dockerfile; here the number. */
  mode?: number
  from?: string
  sharing?: 'shared' | 'private' | 'locked'
  source?: string
  readOnly: boolean
}

/** A mount flag the frontend would refuse, with the frontend's reason in words. */
export class MountFlagError extends Error {
  constructor(
    readonly flag: string,
    reason: string,
  ) {
    super(`--mount=${flag}: ${reason}`)
    this.name = 'MountFlagError'
  }
}

const KEYS = [
  'type',
  'from',
  'source',
  'src',
  'target',
  'dst',
  'destination',
  'readonly',
  'ro',
  'readwrite',
  'rw',
  'id',
  'sharing',
  'required',
  'size',
  'mode',
  'uid',
  'gid',
  'env',
]

const unsigned = (flag: string, key: string, value: string, radix: number): number => {
  const digits = radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/
  const n = digits.test(value) ? Number.parseInt(value, radix) : Number.NaN
  if (!Number.isSafeInteger(n) || n > 0xffff_ffff)
    throw new MountFlagError(
      flag,
      `${key}=${value} is not ${radix === 8 ? 'an octal' : 'a'} number`,
    )
  return n
}

const bool = (flag: string, key: string, value: string): boolean => {
  const v = value.toLowerCase()
  if (['1', 't', 'true'].includes(v)) return true
  if (['0', 'f', 'false'].includes(v)) return false
  throw new MountFlagError(flag, `${key}=${value} is not true or false`)
}

/**
 * The cache mount of one `--mount=` flag value (after the Dockerfile's word processing), or
 * undefined for a mount of another type (bind, secret, …); `expand` is applied to each value, as
 * the frontend does (dockerfile-word.ts processWord with the build's ARGs). Throws MountFlagError
 * for a flag the frontend would refuse.
 */
export function parseCacheMount(
  flag: string,
  expand: (value: string) => string = (value) => value,
): CacheMount | undefined {
  let fields: string[]
  try {
    fields = csvFields(flag)
  } catch (error) {
    throw new MountFlagError(flag, (error as Error).message)
  }
  let type = 'bind'
  const m: Partial<CacheMount> & { readOnly: boolean } = { readOnly: false }
  for (const field of fields) {
    const at = field.indexOf('=')
    const key = (at < 0 ? field : field.slice(0, at)).toLowerCase()
    const value = at < 0 ? undefined : expand(field.slice(at + 1))
    if (!KEYS.includes(key)) throw new MountFlagError(flag, `unexpected key '${key}'`)
    if (value === undefined) {
      if (key === 'readonly' || key === 'ro') m.readOnly = true
      else if (key === 'readwrite' || key === 'rw') m.readOnly = false
      else if (key !== 'required') throw new MountFlagError(flag, `'${key}' needs a value`)
      continue
    }
    switch (key) {
      case 'type':
        type = value.toLowerCase()
        break
      case 'from':
        m.from = value
        break
      case 'source':
      case 'src':
        m.source = value
        break
      case 'target':
      case 'dst':
      case 'destination':
        m.target = value
        break
      case 'readonly':
      case 'ro':
        m.readOnly = bool(flag, key, value)
        break
      case 'readwrite':
      case 'rw':
        m.readOnly = !bool(flag, key, value)
        break
      case 'id':
        // An id that expanded to nothing falls back to the target, as no id does.
        if (value === '') delete m.id
        else m.id = value
        break
      case 'sharing': {
        const sharing = value.toLowerCase()
        if (sharing !== 'shared' && sharing !== 'private' && sharing !== 'locked')
          throw new MountFlagError(flag, `sharing=${value}: expected shared, private or locked`)
        m.sharing = sharing
        break
      }
      case 'mode':
        m.mode = unsigned(flag, key, value, 8)
        break
      case 'uid':
      case 'gid':
        m[key] = unsigned(flag, key, value, 10)
        break
      default:
        break // size, required, env: not a cache mount's
    }
  }
  if (type !== 'cache') return undefined
  if (!m.target) throw new MountFlagError(flag, 'a cache mount needs a target')
  return { ...m, target: m.target }
}

/** What BuildKit keys a cache mount by: two mounts with equal identities share one cache. */
export interface MountIdentity {
  /** `BUILDKIT_CACHE_MOUNT_NS` + `/` + the id (or the target without its trailing slash). */
  key: string
  /** The base directory uid/gid/mode make; undefined for a plain mount. */
  base?: { uid: number; gid: number; mode: number }
  /** The image `from=` names as the base. */
  from?: string
}

const DEFAULT_MODE = 0o755

export function mountIdentity(mount: CacheMount, namespace = ''): MountIdentity {
  const id = mount.id ?? mount.target.replace(/\/$/, '')
  const based = mount.uid !== undefined || mount.gid !== undefined || mount.mode !== undefined
  return {
    key: `${namespace}/${id}`,
    ...(based
      ? { base: { uid: mount.uid ?? 0, gid: mount.gid ?? 0, mode: mount.mode ?? DEFAULT_MODE } }
      : {}),
    ...(mount.from === undefined ? {} : { from: mount.from }),
  }
}

/** One string per identity: equal exactly when BuildKit would use the same cache. */
export function identityString(identity: MountIdentity): string {
  const base = identity.base
    ? `uid=${identity.base.uid},gid=${identity.base.gid},mode=${identity.base.mode.toString(8)}`
    : 'plain'
  return JSON.stringify([identity.key, base, identity.from ?? null])
}
