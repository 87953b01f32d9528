/**
 * Unit tests for the naming modules: src/cache-options/refs.ts (import chain, ref slugs, Docker tags),
 * src/cache-options/scope.ts (default scope), src/cache-options/image-ref.ts, and the local directory in plan.ts.
 */
import { describe, expect, it } from '@jest/globals'
import { parseImageRef } from '../../src/cache-options/image-ref.js'
import { localCacheDir } from '../../src/cache-options/plan.js'
import { dockerTag } from '../../src/cache-options/docker-tag.js'
import { importChain, refSlug } from '../../src/refs.js'
import { defaultScope } from '../../src/cache-options/scope.js'

describe('importChain', () => {
  it.each([
    [{}, []],
    [{ ref: 'refs/heads/main', defaultBranch: 'main' }, ['refs/heads/main']],
    [{ ref: 'refs/heads/dev', defaultBranch: 'main' }, ['refs/heads/dev', 'refs/heads/main']],
    [
      { ref: 'refs/pull/7/merge', baseRef: 'dev', defaultBranch: 'main' },
      ['refs/pull/7/merge', 'refs/heads/dev', 'refs/heads/main'],
    ],
    [
      { ref: 'refs/pull/7/merge', baseRef: 'main', defaultBranch: 'main' },
      ['refs/pull/7/merge', 'refs/heads/main'],
    ],
    // pull_request_target runs on the base branch itself.
    [{ ref: 'refs/heads/main', baseRef: 'main', defaultBranch: 'main' }, ['refs/heads/main']],
    [{ baseRef: 'dev' }, ['refs/heads/dev']],
  ])('%j → %j', (context, chain) => {
    expect(importChain(context)).toEqual(chain)
  })
})

describe('refSlug', () => {
  it.each([
    ['refs/heads/main', 'main'],
    ['refs/heads/feature/x', 'feature/x'],
    ['refs/pull/12/merge', 'pr-12'],
    ['refs/pull/12/head', 'pr-12'],
    ['refs/tags/v1.0', 'tag-v1.0'],
    ['refs/remotes/origin/x', 'remotes/origin/x'],
    ['main', 'main'],
  ])('%s → %s', (ref, slug) => {
    expect(refSlug(ref)).toBe(slug)
  })
})

describe('dockerTag', () => {
  it.each([
    [['web', 'main'], 'web-main'],
    [['cache', 'web', 'feature/x'], 'cache-web-feature-x'],
    [[undefined, 'web', undefined], 'web'],
    [['web', 'x,url=http://evil'], 'web-x-url-http-evil'],
    [['.hidden'], 'hidden'],
    [['--a'], 'a'],
    [['a', '', 'b'], 'a-b'],
    [['Ünïcødé'], 'n-c-d-'],
    [['v1.2.3_rc'], 'v1.2.3_rc'],
  ])('%j → %s', (parts, tag) => {
    expect(dockerTag(parts)).toBe(tag)
  })

  it.each([[['/']], [['...']], [['@@']]])('%j, with nothing tag-safe, becomes a hash', (parts) => {
    expect(dockerTag(parts)).toMatch(/^_[0-9a-f]{8}$/)
  })

  it('keeps long tags at 128 characters, different for names that share a start', () => {
    const a = dockerTag(['web', `${'x'.repeat(200)}-a`])
    const b = dockerTag(['web', `${'x'.repeat(200)}-b`])
    expect(a).toHaveLength(128)
    expect(b).toHaveLength(128)
    expect(a).not.toBe(b)
    expect(a).toMatch(/^web-x+-[0-9a-f]{8}$/)
  })
})

describe('defaultScope', () => {
  it.each([
    ['build', '', 'build'],
    ['build', 'null', 'build'],
    ['build', '{}', 'build'],
    [undefined, '', 'buildkit'],
    ['', 'null', 'buildkit'],
  ])('job %j, matrix %j → %s', (job, matrix, scope) => {
    expect(defaultScope(job, matrix)).toBe(scope)
  })

  it.each([
    ['{"platform":"linux/amd64"}', /^build-linux-amd64-[0-9a-f]{8}$/],
    ['{"os":"ubuntu-latest","node":20}', /^build-ubuntu-latest-20-[0-9a-f]{8}$/],
    ['{"target":{"name":"app","arch":"arm64"}}', /^build-app-arm64-[0-9a-f]{8}$/],
    ['arm64', /^build-arm64-[0-9a-f]{8}$/],
    [`{"long":"${'v'.repeat(100)}"}`, /^build-v{40}-[0-9a-f]{8}$/],
    ['{"weird":"@@@"}', /^build-[0-9a-f]{8}$/],
  ])('matrix %s → %s', (matrix, pattern) => {
    expect(defaultScope('build', matrix)).toMatch(pattern)
  })

  it('gives every leg of a matrix its own scope, even legs whose values read alike', () => {
    const legs = [
      '{"os":"linux","arch":"amd64"}',
      '{"os":"linux","arch":"arm64"}',
      '{"os":"linux-amd64"}',
      '{"os":"linux/amd64"}',
      '{"os":"linux amd64"}',
      '{"os":"linux","arch":"amd64","extra":null}',
    ]
    const scopes = legs.map((leg) => defaultScope('build', leg))
    expect(new Set(scopes).size).toBe(legs.length)
  })

  it('keeps a leg in its scope when the workflow reorders the matrix keys', () => {
    expect(defaultScope('b', '{"os":"linux","arch":"arm64"}')).toBe(
      defaultScope('b', '{"arch":"arm64","os":"linux"}').replace('arm64-linux', 'linux-arm64'),
    )
    expect(defaultScope('b', '{"os":"linux","arch":"arm64"}').slice(-8)).toBe(
      defaultScope('b', '{"arch":"arm64","os":"linux"}').slice(-8),
    )
  })

  it('keeps jobs apart', () => {
    expect(defaultScope('build', '{"p":"a"}')).not.toBe(defaultScope('test', '{"p":"a"}'))
  })
})

describe('parseImageRef', () => {
  const digest = `sha256:${'0123456789abcdef'.repeat(4)}`
  it.each([
    ['app', { name: 'app' }],
    ['owner/app', { name: 'owner/app' }],
    ['ghcr.io/owner/app', { name: 'ghcr.io/owner/app' }],
    ['ghcr.io/owner/app:cache', { name: 'ghcr.io/owner/app', tag: 'cache' }],
    ['localhost:5000/app:v1.0', { name: 'localhost:5000/app', tag: 'v1.0' }],
    ['localhost/app', { name: 'localhost/app' }],
    ['registry.example.com:443/a/b/c', { name: 'registry.example.com:443/a/b/c' }],
    ['Registry.Example.com/a', { name: 'Registry.Example.com/a' }],
    [`ghcr.io/o/app@${digest}`, { name: 'ghcr.io/o/app', digest }],
    [`ghcr.io/o/app:v1@${digest}`, { name: 'ghcr.io/o/app', tag: 'v1', digest }],
    ['a/b__c/d-e.f', { name: 'a/b__c/d-e.f' }],
    // `${{ github.repository }}` keeps the owner's case; OCI repository paths are lower case.
    // The host and the tag keep theirs.
    [
      'ghcr.io/Octo-Org/Web-App/cache',
      { name: 'ghcr.io/octo-org/web-app/cache', given: 'ghcr.io/Octo-Org/Web-App/cache' },
    ],
    [
      'ghcr.io/Owner/app:Cache-V1',
      { name: 'ghcr.io/owner/app', tag: 'Cache-V1', given: 'ghcr.io/Owner/app:Cache-V1' },
    ],
    ['Owner/app', { name: 'owner/app', given: 'Owner/app' }],
    ['App', { name: 'app', given: 'App' }],
    ['GHCR.io/owner/app', { name: 'GHCR.io/owner/app' }],
  ])('%s → %j', (text, ref) => {
    expect(parseImageRef(text)).toEqual(ref)
  })

  it.each([
    [
      'ghcr.io/o/app:',
      'the tag "" is not 1 to 128 letters, digits, "_", "." or "-" (not starting with "." or "-")',
    ],
    [
      'ghcr.io/o/app:-tag',
      'the tag "-tag" is not 1 to 128 letters, digits, "_", "." or "-" (not starting with "." or "-")',
    ],
    [
      `ghcr.io/o/app:${'t'.repeat(129)}`,
      `the tag "${'t'.repeat(129)}" is not 1 to 128 letters, digits, "_", "." or "-" (not starting with "." or "-")`,
    ],
    [
      'ghcr.io/o/app@sha256:abc',
      'the digest "sha256:abc" is not algorithm:hex (at least 32 hex digits)',
    ],
    ['ghcr.io//app', 'it has an empty path component'],
    ['ghcr.io/o/app/', 'it has an empty path component'],
    ['app,ref=evil', 'it contains a comma'],
    ['app tag', 'it contains white space'],
    ['ghcr.io/o/app\n', 'it contains white space'],
    ['https://ghcr.io/o/app', 'it has a URL scheme; give host/path'],
    [
      'ghcr.io/o/my_app!',
      'the path component "my_app!" may hold only letters and digits, joined by ".", "_", "__" or "-"',
    ],
    [
      'ghcr.io/o/-app',
      'the path component "-app" may hold only letters and digits, joined by ".", "_", "__" or "-"',
    ],
    ['-bad.host/app', '"-bad.host" is not a registry host'],
    ['', 'it is empty'],
    [`${'a'.repeat(256)}`, 'its repository name is longer than 255 characters'],
  ])('%j is refused: %s', (text, why) => {
    expect(() => parseImageRef(text)).toThrow(
      new RangeError(`"${text}" is not an image reference: ${why}`),
    )
  })
})

describe('localCacheDir', () => {
  it.each([
    ['/tmp/runner', 'build', '/tmp/runner/buildkit-cache/build'],
    [
      '/tmp/runner',
      'build-linux-amd64-1a2b3c4d',
      '/tmp/runner/buildkit-cache/build-linux-amd64-1a2b3c4d',
    ],
  ])('%s + %s → %s', (temp, scope, dir) => {
    expect(localCacheDir(temp, scope)).toBe(dir)
  })

  it.each(['a/b', '../../etc', 'a b', 'x,y', '.', ''])(
    'scope %j stays one directory under the cache root',
    (scope) => {
      expect(localCacheDir('/tmp/runner', scope)).toMatch(
        /^\/tmp\/runner\/buildkit-cache\/(?:[A-Za-z0-9_][A-Za-z0-9._-]*-)?[0-9a-f]{8}$/,
      )
    },
  )

  it.each([
    ['a/b', 'a-b'],
    ['x,y', 'x-y'],
    ['a b', 'a-b'],
  ])('scope %j and its look-alike %j get different directories', (scope, lookAlike) => {
    expect(localCacheDir('/t', scope)).not.toBe(localCacheDir('/t', lookAlike))
  })
})
