/**
 * The throwaway inject and extract builds (src/cache-mounts/commands.ts), against the Dockerfiles
 * and command lines that real BuildKit v0.24.0 and v0.32.2 ran (recipes-*.txt), and read back by
 * the Dockerfile reader: every identity the action renders is the identity the frontend reads.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import {
  UnspellableError,
  buildCommand,
  cacheMountFlag,
  extractDockerfile,
  injectDockerfile,
  mountField,
  type CarriedMount,
} from '../../src/cache-mounts/commands.js'
import { findCacheMounts } from '../../src/cache-mounts/dockerfile.js'
import {
  identityString,
  mountIdentity,
  type MountIdentity,
} from '../../src/cache-mounts/identity.js'

const IMAGE = '127.0.0.1:5000/cm/busybox:1'

function recipes(version: string) {
  const text = readFileSync(
    new URL(`../fixtures/buildkit-cache-mounts/recipes-${version}.txt`, import.meta.url),
    'utf8',
  )
  const dockerfile = (name: string) => {
    const start = text.indexOf(`## ${name}/Dockerfile\n`) + `## ${name}/Dockerfile\n`.length
    return text.slice(start, text.indexOf('\n## ', start)).trimEnd() + '\n'
  }
  const commands = text
    .split('\n')
    .filter((l) => l.startsWith('$ '))
    .map((l) => l.slice(2))
  return { injectTar: dockerfile('inject-tar'), extractTar: dockerfile('extract-tar'), commands }
}

/** Our Dockerfile for one mount, named as the recording named its target and tar. */
const asRecorded = (text: string) =>
  text.replaceAll('/cache-mount/0', '/cache-mount').replaceAll('0.tar', 'deps.tar')

const deps: CarriedMount = { identity: { key: '/deps' }, file: '0.tar' }

describe.each(['v0.24.0', 'v0.32.2'])('the recipe BuildKit %s ran', (version) => {
  const recorded = recipes(version)

  it('inject Dockerfile, as recorded', () => {
    expect(asRecorded(injectDockerfile([deps], '', IMAGE))).toBe(recorded.injectTar)
  })

  it('extract Dockerfile, as recorded', () => {
    expect(asRecorded(extractDockerfile([deps], '', IMAGE))).toBe(recorded.extractTar)
  })

  it.each([
    ['buildctl', 'inject'],
    ['buildctl', 'extract'],
    ['buildx', 'inject'],
    ['buildx', 'extract'],
  ] as const)('%s %s command line, as recorded (tar flavour)', (client, kind) => {
    // The recorded lines of the tar flavour: those whose Dockerfile folder is *-tar, and the
    // round trip's (not the first extract of an empty mount).
    const lines = recorded.commands.filter(
      (l) =>
        l.includes(`${kind}-tar`) &&
        (client === 'buildctl' ? l.startsWith('buildctl') : l.startsWith('docker')) &&
        !l.includes('out-empty'),
    )
    expect(lines).toHaveLength(1)
    const line = lines[0]!
    const bust = /CACHE_BUST=(\d+)/.exec(line)![1]!
    const builder = /--builder (\S+)/.exec(line)?.[1]
    const source = /cache-src=(\$REC\/[\w-]+)/.exec(line)?.[1]
    const output = /dest=(\S+)/.exec(line)?.[1]
    const command = buildCommand(
      client === 'buildx' ? { client, ...(builder ? { builder } : {}) } : { client },
      kind,
      {
        dockerfileDir: `$REC/${kind}-tar`,
        ...(source ? { source } : {}),
        ...(output ? { output } : {}),
      },
      bust,
      '',
    )
    expect([command.program, ...command.args].join(' ')).toBe(line)
  })
})

describe('buildCommand', () => {
  it('passes the namespace build argument and the daemon address', () => {
    const { program, args } = buildCommand(
      { client: 'buildctl', addr: 'tcp://127.0.0.1:1234' },
      'extract',
      { dockerfileDir: '/d', output: '/o' },
      '7',
      'ns1',
    )
    expect([program, ...args].join(' ')).toBe(
      'buildctl --addr tcp://127.0.0.1:1234 build --frontend dockerfile.v0 --local context=/d --local dockerfile=/d --opt build-arg:CACHE_BUST=7 --opt build-arg:BUILDKIT_CACHE_MOUNT_NS=ns1 --output type=local,dest=/o',
    )
    const buildx = buildCommand(
      { client: 'buildx' },
      'inject',
      { dockerfileDir: '/d', source: '/s' },
      '7',
      'ns1',
    )
    expect(buildx.args).toEqual([
      'buildx',
      'build',
      '-f',
      '/d/Dockerfile',
      '--build-context',
      'cache-src=/s',
      '--build-arg',
      'CACHE_BUST=7',
      '--build-arg',
      'BUILDKIT_CACHE_MOUNT_NS=ns1',
      '--output',
      'type=cacheonly',
      '/d',
    ])
  })

  it('names what a build lacks', () => {
    expect(() =>
      buildCommand({ client: 'buildx' }, 'inject', { dockerfileDir: '/d' }, '1', ''),
    ).toThrow('an inject build needs the tars')
  })
})

describe('mountField: ids spelled so that the frontend reads them back', () => {
  it.each([
    // The spellings the recordings used (edges §2), where they are the one this code writes.
    ['a,b', '\\"id=a,b\\"'],
    ['d$HOME', 'id=d\\\\$HOME'],
    ['b\\s', 'id=b\\\\\\\\s'],
    ['go/build', 'id=go/build'],
    ['../up', 'id=../up'],
  ])('%s → %s', (id, spelled) => {
    expect(mountField('id', id)).toBe(spelled)
  })

  const identities: Array<[string, MountIdentity, string]> = [
    ['plain', { key: '/deps' }, ''],
    ['no id in the user’s flag (the key is the target)', { key: '//root/.cache/go-build' }, ''],
    ['comma, space, quote, dollar, backslash', { key: "/a, b's $X \\y" }, ''],
    ['uid, gid, mode', { key: '/deps', base: { uid: 1000, gid: 1000, mode: 0o700 } }, ''],
    ['from an image', { key: '/deps', from: 'registry.example/img:1@sha256:abc' }, ''],
    ['a namespace', { key: 'ns1/deps' }, 'ns1'],
    ['an empty id after the namespace', { key: 'ns1/x,y' }, 'ns1'],
  ]

  it.each(identities)(
    '%s: the inject and extract Dockerfiles read back as the same identity',
    (_name, identity, ns) => {
      for (const text of [
        injectDockerfile([{ identity, file: '0.tar' }, deps].slice(0, ns ? 1 : 2), ns, IMAGE),
        extractDockerfile([{ identity, file: '0.tar' }], ns, IMAGE),
      ]) {
        const read = findCacheMounts(text, new Map(ns ? [['BUILDKIT_CACHE_MOUNT_NS', ns]] : []))
        expect(read.warnings).toEqual([])
        expect(identityString(read.mounts[0]!.identity)).toBe(identityString(identity))
      }
    },
  )

  it('a user mount and the flag rendered for it are one cache', () => {
    const user = findCacheMounts(
      'FROM scratch\nRUN --mount=type=cache,target=/root/.npm,uid=1000 true\n',
    )
    const identity = user.mounts[0]!.identity
    const flag = cacheMountFlag(identity, '', '/cache-mount/0')
    expect(flag).toBe(
      '--mount=type=cache,id=/root/.npm,target=/cache-mount/0,sharing=locked,uid=1000,gid=0,mode=0755',
    )
    const again = findCacheMounts(`FROM scratch\nRUN ${flag} true\n`).mounts[0]!.identity
    expect(identityString(again)).toBe(
      identityString(mountIdentity({ target: '/x', id: '/root/.npm', uid: 1000, readOnly: false })),
    )
  })

  it.each(['a"b', 'line\nbreak', 'bell\u0007'])('refuses %j, which no spelling carries', (id) => {
    expect(() => mountField('id', id)).toThrow(UnspellableError)
  })
})
