/**
 * Which cache mounts BuildKit treats as one cache (src/cache-mounts/identity.ts), against what
 * real BuildKit v0.24.0 and v0.32.2 did: each recorded case injected data through one mount and
 * probed it through another (FOUND: the same cache; EMPTY: another), and `du` named the key.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import {
  identityString,
  MountFlagError,
  mountIdentity,
  parseCacheMount,
  type CacheMount,
} from '../../src/cache-mounts/identity.js'
import { processWord } from '../../src/cache-mounts/dockerfile-word.js'
import { builderFlags } from '../../src/cache-mounts/dockerfile.js'
import { csvFields, csvRecord } from '../../src/cache-options/csv.js'

interface Case {
  name: string
  inject: string
  probe: string
  extra: string
  found: boolean
  /** The key `du` showed for the inject's record (`with id "…"`). */
  injectKey?: string
}

function cases(version: string): Case[] {
  const text = readFileSync(
    new URL(`../fixtures/buildkit-cache-mounts/identity-${version}.txt`, import.meta.url),
    'utf8',
  )
  return text
    .split('\n')
    .filter((line) => / \| (FOUND|EMPTY) \| /.test(line))
    .map((line) => {
      const [name, inject, probeAndExtra, result, records] = line.split(' | ')
      // Extra build flags follow the probe's mount after a space (the mount may hold spaces).
      const [probe, ...extra] = probeAndExtra!.trim().split(/ (?=--)/)
      const injected = records!.split(';').find((r) => r.includes('from exec /bin/sh -c cp -a'))
      const key = injected === undefined ? undefined : /with id "(.*)"$/.exec(injected)?.[1]
      return {
        name: name!.trim(),
        inject: inject!.trim(),
        probe: probe!,
        extra: extra.join(' '),
        found: result === 'FOUND',
        ...(key === undefined ? {} : { injectKey: key }),
      }
    })
}

/**
 * A `--mount=…` flag of Dockerfile text, read as the frontend reads it (no ARGs set): as a word of
 * the instruction (dockerfile.ts builderFlags), then each value.
 */
function mountOf(flagText: string): CacheMount {
  const [flag] = builderFlags(flagText).flags
  const mount = parseCacheMount(flag!.replace(/^mount=/, ''), (value) => processWord(value))
  if (!mount) throw new Error(`not a cache mount: ${flagText}`)
  return mount
}

const namespaceOf = (extra: string) =>
  /build-arg:BUILDKIT_CACHE_MOUNT_NS=(\S+)/.exec(extra)?.[1] ?? ''

describe.each(['v0.24.0', 'v0.32.2'])('cache mount identity, as BuildKit %s', (version) => {
  const all = cases(version)

  it('reads every recorded case', () => {
    expect(all.length).toBe(32)
  })

  // --no-cache empties the mounts a build uses: those cases are about that, not identity.
  it.each(
    all.filter((c) => !/(^| )--no-cache( |$)/.test(c.extra)).map((c) => [c.name, c] as const),
  )('%s', (_name, c) => {
    // The inject's namespace shows in its key: `<namespace>/<id>`.
    const injectNamespace = c.injectKey?.slice(0, c.injectKey.indexOf('/')) ?? ''
    const inject = mountIdentity(mountOf(c.inject), injectNamespace)
    const probe = mountIdentity(mountOf(c.probe), namespaceOf(c.extra))
    expect(identityString(probe) === identityString(inject)).toBe(c.found)
    if (c.injectKey !== undefined) expect(inject.key).toBe(c.injectKey.replace(/\\\\/g, '\\'))
  })
})

describe('parseCacheMount', () => {
  it.each<[string, CacheMount | undefined]>([
    ['type=cache,target=/root/.cache', { target: '/root/.cache', readOnly: false }],
    [
      'type=cache,id=gomod,dst=/go/pkg/mod,uid=1000,gid=1000,mode=0700,sharing=locked,ro',
      {
        id: 'gomod',
        target: '/go/pkg/mod',
        uid: 1000,
        gid: 1000,
        mode: 0o700,
        sharing: 'locked',
        readOnly: true,
      },
    ],
    [
      'TYPE=Cache,Destination=/x,from=img,source=sub',
      {
        target: '/x',
        from: 'img',
        source: 'sub',
        readOnly: false,
      },
    ],
    ['type=bind,target=/src', undefined],
    ['target=/src', undefined],
  ])('%s', (flag, expected) => {
    expect(parseCacheMount(flag)).toEqual(expected)
  })

  it.each([
    ['type=cache', 'a cache mount needs a target'],
    ['type=cache,target=/x,mode=0800', 'mode=0800 is not an octal number'],
    ['type=cache,target=/x,uid=-1', 'uid=-1 is not a number'],
    ['type=cache,target=/x,sharing=exclusive', 'expected shared, private or locked'],
    ['type=cache,target=/x,colour=red', "unexpected key 'colour'"],
    ['type=cache,target=/x,"id=a', 'unterminated quote'],
  ])('refuses %s', (flag, reason) => {
    expect(() => parseCacheMount(flag)).toThrow(MountFlagError)
    expect(() => parseCacheMount(flag)).toThrow(reason)
  })
})

describe('csvFields', () => {
  it.each([
    ['a,b', ['a', 'b']],
    ['"a,b",c', ['a,b', 'c']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    ['a,,b', ['a', '', 'b']],
    ['', ['']],
  ])('%j', (record, fields) => {
    expect(csvFields(record)).toEqual(fields)
  })

  it('reads back what csvRecord writes', () => {
    const fields = ['type=cache', 'id=a,b', 'id=say "hi"', 'x y', '']
    expect(csvFields(csvRecord(fields))).toEqual(fields)
  })

  it.each([
    ['"a', 'unterminated quote'],
    ['"a"b', 'extraneous text after a quoted field'],
    ['a"b', 'bare " in an unquoted field'],
  ])('refuses %j', (record, reason) => {
    expect(() => csvFields(record)).toThrow(reason)
  })
})

describe('processWord', () => {
  const env = new Map([
    ['CID', 'deps'],
    ['EMPTY', ''],
  ])
  it.each([
    ['id=${CID}', 'id=deps'],
    ['id=$CID/x', 'id=deps/x'],
    ['id=${NOPE}', 'id='],
    ['id=${EMPTY:-fallback}', 'id=fallback'],
    ['id=${CID:+set}', 'id=set'],
    ['\\"id=a,b\\"', '"id=a,b"'],
    ['"id=x y=z"', 'id=x y=z'],
    ["'$CID'", '$CID'],
    ['a\\$b', 'a$b'],
    ['price$', 'price$'],
  ])('%s → %s', (text, word) => {
    expect(processWord(text, env)).toBe(word)
  })
})
