/** Which mounts the inputs ask for (src/cache-mounts/input.ts, spec.ts). */
import { describe, expect, it } from '@jest/globals'
import { readBuildArgs, readMountsInput } from '../../src/cache-mounts/input.js'
import { mountsFromLines, selectMounts } from '../../src/cache-mounts/spec.js'
import { mountLabel } from '../../src/cache-mounts/keys.js'
import { builderTarget } from '../../src/cache-mounts/target.js'

describe('readMountsInput', () => {
  it.each([
    ['', { kind: 'none' }],
    ['  \n# nothing\n', { kind: 'none' }],
    ['auto', { kind: 'auto' }],
    [' AUTO \n', { kind: 'auto' }],
    [
      'id=gomod,target=/go/pkg/mod\n\ntarget=/root/.npm',
      { kind: 'lines', lines: ['id=gomod,target=/go/pkg/mod', 'target=/root/.npm'] },
    ],
  ])('%j', (value, expected) => {
    expect(readMountsInput(value)).toEqual(expected)
  })
})

describe('mountsFromLines', () => {
  it('keys each line as BuildKit would, once per identity', () => {
    const ids = mountsFromLines(
      [
        'id=gomod,target=/go/pkg/mod',
        'id=gomod,target=/elsewhere,sharing=locked',
        'target=/root/.cache/go-build/',
        'id=npm,uid=1000',
        'id=x,from=alpine:3,mode=0700',
      ],
      '',
    )
    expect(ids.map((i) => mountLabel(i, ''))).toEqual([
      'gomod',
      '/root/.cache/go-build',
      'npm (uid 1000, gid 0, mode 0755)',
      'x (uid 0, gid 0, mode 0700; from alpine:3)',
    ])
  })

  it('puts the namespace in the key', () => {
    expect(mountsFromLines(['id=gomod'], 'ns1')[0]!.key).toBe('ns1/gomod')
  })

  it.each([
    [
      'sharing=locked',
      /^Input "cache-mounts" line 1 \("sharing=locked"\) has neither id= nor target=/,
    ],
    ['type=cache,id=a', /leave out type=/],
    [
      'id=a,uid=x',
      /^Input "cache-mounts" line 1 \("id=a,uid=x"\): uid=x is not a number; accepted: id, target/,
    ],
    ['id=a,colour=red', /unexpected key 'colour'; accepted:/],
    ['id="a', /^Input "cache-mounts" line 1/],
    [
      '"id=a""b"',
      /^Input "cache-mounts" line 1 .*: the cache mount's "a\\"b" holds a double quote/,
    ],
  ])('refuses %j naming the input', (line, message) => {
    expect(() => mountsFromLines([line], '')).toThrow(message)
  })
})

describe('selectMounts', () => {
  const dockerfile = {
    file: 'Dockerfile',
    text: 'FROM golang:1.22\nARG V\nRUN --mount=type=cache,id=gomod,target=/go/pkg/mod --mount=type=cache,id=$V,target=/x go build\n',
  }
  it('auto: the Dockerfile’s mounts, with its warnings, in the namespace build-args give', () => {
    const selected = selectMounts(
      { kind: 'auto' },
      new Map([['BUILDKIT_CACHE_MOUNT_NS', 'n']]),
      dockerfile,
    )
    expect(selected.identities.map((i) => i.key)).toEqual(['n/gomod'])
    expect(selected.namespace).toBe('n')
    expect(selected.warnings).toEqual([expect.stringMatching(/^Dockerfile:3: .* uses \$V/)])
  })

  it('auto resolves the ARG from build-args', () => {
    const selected = selectMounts({ kind: 'auto' }, new Map([['V', 'v1']]), dockerfile)
    expect(selected.identities.map((i) => i.key)).toEqual(['/gomod', '/v1'])
  })
})

describe('readBuildArgs', () => {
  it('reads NAME=value lines, values kept whole', () => {
    expect(readBuildArgs('A=1\n\nB=x=y \n')).toEqual(
      new Map([
        ['A', '1'],
        ['B', 'x=y '],
      ]),
    )
  })
  it.each([
    ['NAME', /line 1: NAME has no =value/],
    [
      'ghp_secret value=1',
      /^Input "cache-mount-build-args" line 1 does not start with a build argument name/,
    ],
  ])('refuses %j without quoting what is not a name', (value, message) => {
    let error: Error | undefined
    try {
      readBuildArgs(value)
    } catch (e) {
      error = e as Error
    }
    expect(error?.message).toMatch(message)
    if (value.startsWith('ghp')) expect(error?.message).not.toContain('ghp')
  })
})

describe('builderTarget', () => {
  const detect = (tool?: 'buildctl' | 'buildx') => async () => tool
  it.each<
    [string, string | undefined, string | undefined, 'buildctl' | 'buildx' | undefined, unknown]
  >([
    [
      'a builder name',
      'builder-7f3a',
      undefined,
      'buildctl',
      { client: 'buildx', builder: 'builder-7f3a' },
    ],
    [
      'an address',
      'tcp://buildkitd:1234',
      undefined,
      'buildx',
      { client: 'buildctl', addr: 'tcp://buildkitd:1234' },
    ],
    [
      'docker-container://',
      'docker-container://bk',
      undefined,
      undefined,
      { client: 'buildctl', addr: 'docker-container://bk' },
    ],
    [
      'BUILDKIT_HOST',
      undefined,
      'unix:///run/buildkit/buildkitd.sock',
      'buildx',
      { client: 'buildctl' },
    ],
    ['nothing given: the tool that is there', undefined, undefined, 'buildx', { client: 'buildx' }],
    ['no tool', undefined, undefined, undefined, undefined],
  ])('%s', async (_name, builder, host, tool, expected) => {
    expect(await builderTarget(builder, host, detect(tool))).toEqual(expected)
  })
})
