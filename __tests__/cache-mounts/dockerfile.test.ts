/**
 * The Dockerfile reader (src/cache-mounts/dockerfile.ts): which cache mounts a Dockerfile uses, by
 * BuildKit's identity, and what it leaves out with a warning.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { builderFlags, findCacheMounts, instructions } from '../../src/cache-mounts/dockerfile.js'
import type { MountIdentity } from '../../src/cache-mounts/identity.js'

/** An identity in one short string: key, base (uid:gid:mode) and from. */
const described = (identity: MountIdentity) =>
  [
    identity.key,
    ...(identity.base
      ? [`${identity.base.uid}:${identity.base.gid}:${identity.base.mode.toString(8)}`]
      : []),
    ...(identity.from ? [`from ${identity.from}`] : []),
  ].join(' ')

describe('instructions', () => {
  it.each([
    [
      'continuations join lines; comments and empty lines inside are dropped',
      'FROM scratch\nRUN a \\\n# note\n\n  b \\\n  c\n',
      ['FROM scratch', 'RUN a   b   c'],
    ],
    [
      'a heredoc body is not read as instructions',
      'FROM scratch\nRUN <<EOF\nRUN --mount=type=cache,target=/x\nEOF\nRUN b\n',
      ['FROM scratch', 'RUN <<EOF', 'RUN b'],
    ],
    [
      '<<- strips tabs from the terminator; two heredocs in one RUN',
      'FROM scratch\nRUN <<-ONE cat - <<"TWO"\n\tx\n\tONE\ny\nTWO\nENV a=1\n',
      ['FROM scratch', 'RUN <<-ONE cat - <<"TWO"', 'ENV a=1'],
    ],
    [
      'a here-string (<<<) is no heredoc',
      "FROM scratch\nRUN cat <<<'x'\nRUN b\n",
      ['FROM scratch', "RUN cat <<<'x'", 'RUN b'],
    ],
    [
      '# escape=` makes the backtick continue lines',
      '# escape=`\nFROM scratch\nRUN a `\n  b\n',
      ['FROM scratch', 'RUN a   b'],
    ],
    [
      'a directive after an instruction is a comment',
      'FROM scratch\n# escape=`\nRUN a `\nRUN b\n',
      ['FROM scratch', 'RUN a `', 'RUN b'],
    ],
    [
      'keywords in any case; CRLF line ends',
      'from scratch\r\nrun a\r\n',
      ['FROM scratch', 'RUN a'],
    ],
  ])('%s', (_name, text, expected) => {
    expect(instructions(text).list.map((i) => `${i.keyword} ${i.args}`.trim())).toEqual(expected)
  })

  it('gives each instruction the line it starts on', () => {
    const { list } = instructions(
      '# syntax=docker/dockerfile:1\n\nFROM scratch\nRUN a \\\n b\nRUN c\n',
    )
    expect(list.map((i) => i.line)).toEqual([3, 4, 6])
  })

  it('refuses an escape directive other than \\ or `', () => {
    expect(() => instructions('# escape=x\nFROM scratch\n')).toThrow(/escape character must be/)
  })
})

describe('builderFlags', () => {
  it.each([
    [
      '--mount=type=cache,target=/a --network=none go build',
      ['mount=type=cache,target=/a', 'network=none'],
      'go build',
    ],
    [
      '--mount=type=cache,\\"id=a,b\\",target=/cm true',
      ['mount=type=cache,"id=a,b",target=/cm'],
      'true',
    ],
    ['--mount=type=cache,"id=x y",target=/cm true', ['mount=type=cache,id=x y,target=/cm'], 'true'],
    [
      '--mount=type=cache,id=d\\\\$HOME,target=/cm true',
      ['mount=type=cache,id=d\\$HOME,target=/cm'],
      'true',
    ],
    [
      '--mount=type=cache,target=/c ["sh","-c","x"]',
      ['mount=type=cache,target=/c'],
      '["sh","-c","x"]',
    ],
    ['-- --not-a-flag', [], '--not-a-flag'],
    ['echo --mount=type=cache,target=/x', [], 'echo --mount=type=cache,target=/x'],
  ])('%s', (args, flags, rest) => {
    expect(builderFlags(args)).toEqual({ flags, rest })
  })
})

describe('findCacheMounts', () => {
  it('three stages of the recorded multistage Dockerfile use one cache (the id from an ARG included)', () => {
    for (const version of ['v0.24.0', 'v0.32.2']) {
      const text = readFileSync(
        new URL(`../fixtures/buildkit-cache-mounts/multistage-${version}.txt`, import.meta.url),
        'utf8',
      )
      const dockerfile = text
        .split('\n')
        .filter((l) => l.startsWith('    '))
        .map((l) => l.slice(4))
        .join('\n')
      const found = findCacheMounts(dockerfile)
      // The recording: every stage saw the one inject, and one cache-mount record was left.
      expect(text).toContain('cache-mount records afterwards: 1')
      expect(found.warnings).toEqual([])
      expect(found.mounts.map((m) => [m.identity.key, m.stage, m.line])).toEqual([
        ['/deps', 'first', 9],
      ])
    }
  })

  it.each<[string, string, Record<string, string>, string[]]>([
    [
      'several mounts on one RUN, over continued lines; a mount without id is keyed by its target',
      'FROM golang:1.22 AS build\nRUN --mount=type=cache,target=/root/.cache/go-build/ \\\n    --mount=type=cache,id=gomod,target=/go/pkg/mod \\\n    --mount=type=bind,target=/src go build\n',
      {},
      ['//root/.cache/go-build', '/gomod'],
    ],
    [
      'target, sharing, ro and source do not make another cache; uid, gid, mode and from do',
      'FROM scratch\nRUN --mount=type=cache,id=d,target=/a --mount=type=cache,id=d,target=/b,sharing=locked,ro,source=sub true\nRUN --mount=type=cache,id=d,target=/a,uid=1000 --mount=type=cache,id=d,target=/a,uid=1000,gid=1000 --mount=type=cache,id=d,target=/a,mode=0700 --mount=type=cache,id=d,target=/a,from=alpine:3 true\nRUN --mount=type=cache,id=d,target=/a,mode=0755 --mount=type=cache,id=d,target=/a,uid=0 true\n',
      {},
      ['/d', '/d 1000:0:755', '/d 1000:1000:755', '/d 0:0:700', '/d from alpine:3', '/d 0:0:755'],
    ],
    [
      'an id from a stage ARG with a default, and from build-args over it',
      'FROM scratch\nARG CID=deps\nRUN --mount=type=cache,id=${CID},target=/a true\n',
      {},
      ['/deps'],
    ],
    [
      'build-args override the default',
      'FROM scratch\nARG CID=deps\nRUN --mount=type=cache,id=$CID,target=/a true\n',
      { CID: 'other' },
      ['/other'],
    ],
    [
      'a global ARG declared again in the stage takes the global default',
      'ARG CID=deps\nFROM scratch\nARG CID\nRUN --mount=type=cache,id=${CID},target=/a true\n',
      {},
      ['/deps'],
    ],
    [
      'ENV (both forms) gives a value; a stage FROM another keeps its variables',
      'FROM scratch AS one\nENV A=npm\nENV B yarn\nFROM one\nRUN --mount=type=cache,id=$A-$B,target=/a true\n',
      {},
      ['/npm-yarn'],
    ],
    [
      'BUILDKIT_CACHE_MOUNT_NS in build-args is the namespace',
      'FROM scratch\nRUN --mount=type=cache,id=deps,target=/a true\n',
      { BUILDKIT_CACHE_MOUNT_NS: 'ns1' },
      ['ns1/deps'],
    ],
    [
      'ids with a comma, a space, a literal $ and a backslash, spelled as the recordings did',
      'FROM scratch\nRUN --mount=type=cache,\\"id=a,b\\",target=/a --mount=type=cache,"id=x y",target=/b --mount=type=cache,id=d\\\\$HOME,target=/c --mount=type=cache,id=b\\\\\\\\s,target=/d true\n',
      {},
      ['/a,b', '/x y', '/d$HOME', '/b\\s'],
    ],
    [
      'the escape directive changes the escape character of flags too',
      '# escape=`\nFROM scratch\nRUN --mount=type=cache,`"id=a,b`",target=/a `\n  --mount=type=cache,id=c,target=C:\\cache true\n',
      {},
      ['/a,b', '/c'],
    ],
    [
      'RUN in exec form, and instructions before the first FROM or other than RUN',
      'ARG X=1\nFROM scratch\nCOPY --from=x /a /b\nRUN --mount=type=cache,target=/c ["sh","-c","true"]\n',
      {},
      ['//c'],
    ],
  ])('%s', (_name, text, args, expected) => {
    const found = findCacheMounts(text, new Map(Object.entries(args)))
    expect(found.warnings).toEqual([])
    expect(found.mounts.map((m) => described(m.identity))).toEqual(expected)
  })
})

describe('findCacheMounts: what it leaves out, with a warning that names the line', () => {
  it.each<[string, string, Record<string, string>, RegExp]>([
    [
      'an ARG without a default that build-args does not set',
      'FROM scratch\nARG CID\nRUN --mount=type=cache,id=${CID},target=/a true\n',
      {},
      /^Dockerfile:3: the cache mount "type=cache,id=\$\{CID\},target=\/a" uses \$CID, which has no value here .*left out, not guessed$/,
    ],
    [
      'a global ARG not declared again in the stage (BuildKit reads it as empty)',
      'ARG CID=deps\nFROM scratch\nRUN --mount=type=cache,id=${CID},target=/a true\n',
      {},
      /^Dockerfile:3: .* uses \$CID, .*a global ARG must be declared again in the stage/,
    ],
    [
      'a variable the base image may set',
      'FROM golang:1.22\nRUN --mount=type=cache,target=$GOCACHE true\n',
      {},
      /^Dockerfile:2: .* uses \$GOCACHE, .*the base image’s ENV/,
    ],
    [
      'a base taken from a stage of the Dockerfile',
      'FROM alpine AS base\nFROM scratch\nRUN --mount=type=cache,id=d,target=/a,from=base true\n',
      {},
      /^Dockerfile:3: .*from the stage "base", which the action's own builds cannot reproduce: left out$/,
    ],
    [
      'a flag BuildKit refuses',
      'FROM scratch\nRUN --mount=type=cache,id=d,target=/a,uid=abc true\n',
      {},
      /^Dockerfile:2: --mount=type=cache,id=d,target=\/a,uid=abc: uid=abc is not a number; BuildKit would refuse it too: left out$/,
    ],
  ])('%s', (_name, text, args, warning) => {
    const found = findCacheMounts(text, new Map(Object.entries(args)))
    expect(found.mounts).toEqual([])
    expect(found.warnings).toHaveLength(1)
    expect(found.warnings[0]).toMatch(warning)
  })

  it('keeps the mounts it can read beside one it cannot', () => {
    const found = findCacheMounts(
      'FROM scratch\nARG V\nRUN --mount=type=cache,id=$V,target=/a --mount=type=cache,id=ok,target=/b true\n',
    )
    expect(found.mounts.map((m) => m.identity.key)).toEqual(['/ok'])
    expect(found.warnings).toHaveLength(1)
  })
})
