/** Unit tests for src/inputs.ts: typed settings, defaults, and every bad input's exact message. */
import { describe, expect, it } from '@jest/globals'
import {
  parseBuilderSettings,
  parseCacheSettings,
  parsePruneSettings,
  withCacheLimit,
  withRetention,
  type InputReader,
} from '../src/inputs.js'

const reader =
  (inputs: Record<string, string>): InputReader =>
  (name) =>
    inputs[name] ?? ''

describe('parseCacheSettings', () => {
  it('applies the defaults when nothing is set', () => {
    expect(parseCacheSettings(reader({}))).toEqual({
      type: 'gha',
      mode: 'max',
      ignoreError: true,
      attrs: [],
      secrets: [],
      bakeTarget: '*',
      matrix: '',
      export: 'auto',
      exposeRuntime: true,
    })
  })

  it.each([
    [{ type: 'inline', ref: 'ghcr.io/o/app' }, { mode: 'min' }],
    [{ type: 'registry', ref: 'ghcr.io/o/app', mode: 'min' }, { mode: 'min' }],
    [{ export: 'FALSE' }, { export: false }],
    [{ export: 'true' }, { export: true }],
    [{ 'expose-runtime': 'False' }, { exposeRuntime: false }],
    [{ 'ignore-error': 'false' }, { ignoreError: false }],
    [{ scope: 'web,x' }, { scope: 'web,x' }],
    [{ type: 'local', path: '/tmp/c' }, { path: '/tmp/c' }],
    [{ 'bake-target': 'app-*' }, { bakeTarget: 'app-*' }],
    [{ matrix: '{"os":"linux"}' }, { matrix: '{"os":"linux"}' }],
    [
      { type: 'registry', ref: 'localhost:5000/team/app:cache' },
      { ref: { name: 'localhost:5000/team/app', tag: 'cache' } },
    ],
    [
      { type: 'inline', ref: `ghcr.io/o/app@sha256:${'a'.repeat(64)}` },
      { ref: { name: 'ghcr.io/o/app', digest: `sha256:${'a'.repeat(64)}` } },
    ],
  ])('%j gives %j', (inputs, expected) => {
    expect(parseCacheSettings(reader(inputs))).toMatchObject(expected)
  })

  it('collects typed attributes, then extra-attrs, under BuildKit names', () => {
    const settings = parseCacheSettings(
      reader({
        type: 's3',
        bucket: 'builds',
        'endpoint-url': 'http://minio:9000',
        'extra-attrs':
          '# credentials\nsecret_access_key = s3cr3t,with"comma\n\nUSE_PATH_STYLE=TRUE\n',
      }),
    )
    expect(settings.attrs).toEqual([
      ['bucket', 'builds'],
      ['endpoint_url', 'http://minio:9000'],
      ['secret_access_key', 's3cr3t,with"comma'],
      ['use_path_style', 'true'],
    ])
    expect(settings.secrets).toEqual(['s3cr3t,with"comma'])
  })

  it.each([
    [{ 'oci-mediatypes': 'TRUE', type: 'local', path: '/c' }, [['oci-mediatypes', 'true']]],
    [
      { 'force-compression': 'False', type: 'registry', ref: 'r.io/a' },
      [['force-compression', 'false']],
    ],
    [{ timeout: '1h30m' }, [['timeout', '1h30m']]],
    [
      { 'extra-attrs': 'ghtoken=ghp_x\nrepository=o/r' },
      [
        ['ghtoken', 'ghp_x'],
        ['repository', 'o/r'],
      ],
    ],
  ])('%j → attrs %j', (inputs, attrs) => {
    expect(parseCacheSettings(reader(inputs)).attrs).toEqual(attrs)
  })

  const oneLine =
    'a value on one line (every value that becomes a BuildKit attribute must be: bake-set and build-push-action read one attribute set per line)'
  const refAccepted =
    'an image reference such as ghcr.io/owner/app or ghcr.io/owner/app:cache (optional registry host, a repository path, an optional tag)'
  it.each([
    [
      { type: 'redis' },
      `Invalid input 'type': "redis" is not supported. Accepted: gha, registry, inline, local, s3, azblob`,
    ],
    [{ mode: 'maximum' }, `Invalid input 'mode': "maximum" is not supported. Accepted: min, max`],
    [
      { type: 'inline', ref: 'ghcr.io/o/app', mode: 'max' },
      "Invalid input 'mode': type inline supports mode min only (BuildKit writes inline cache for the final image alone); use type registry to export max-mode cache. Accepted: min, or type registry with mode max",
    ],
    [{ scope: 'web\nother' }, `Invalid input 'scope': it holds a line break. Accepted: ${oneLine}`],
    [{ scope: 'web\r' }, `Invalid input 'scope': it holds a line break. Accepted: ${oneLine}`],
    [
      { type: 's3', bucket: 'b', 'extra-attrs': 'secret_access_key=abc\rdef' },
      `Invalid input 'extra-attrs': the value of "secret_access_key" holds a line break. Accepted: ${oneLine}`,
    ],
    [
      { type: 'local', path: '/tmp/a\rb' },
      `Invalid input 'path': it holds a line break. Accepted: ${oneLine}`,
    ],
    [
      { type: 'registry', ref: 'ghcr.io/o/app', 'compression-level': '12' },
      "Invalid input 'compression-level': 12 is outside 0-9, the levels of gzip (BuildKit's default compression). Accepted: gzip and estargz 0-9, zstd 0-22",
    ],
    [
      { type: 'registry', ref: 'ghcr.io/o/app', compression: 'estargz', 'compression-level': '10' },
      "Invalid input 'compression-level': 10 is outside 0-9, the levels of estargz. Accepted: gzip and estargz 0-9, zstd 0-22",
    ],
    [
      { type: 'registry', ref: 'ghcr.io/o/app', compression: 'zstd', 'compression-level': '23' },
      "Invalid input 'compression-level': 23 is outside 0-22, the levels of zstd. Accepted: gzip and estargz 0-9, zstd 0-22",
    ],
    [
      { type: 'local', compression: 'uncompressed', 'compression-level': '3' },
      "Invalid input 'compression-level': compression uncompressed takes no level. Accepted: a level with compression gzip or estargz (0-9) or zstd (0-22)",
    ],
    [
      { scope: 's'.repeat(256) },
      "Invalid input 'scope': it is 256 characters long. Accepted: at most 255 characters",
    ],
    [
      { type: 'registry' },
      `Invalid input 'ref': type registry needs the cache repository, and it is empty. Accepted: ${refAccepted}`,
    ],
    [
      { type: 'inline' },
      `Invalid input 'ref': type inline needs the image the build pushes, and it is empty. Accepted: ${refAccepted}`,
    ],
    [
      { type: 'registry', ref: 'ghcr.io/Owner/my app' },
      `Invalid input 'ref': "ghcr.io/Owner/my app" is not an image reference: it contains white space. Accepted: ${refAccepted}`,
    ],
    [
      { type: 'registry', ref: 'ghcr.io/o/app:-tag' },
      `Invalid input 'ref': "ghcr.io/o/app:-tag" is not an image reference: the tag "-tag" is not 1 to 128 letters, digits, "_", "." or "-" (not starting with "." or "-"). Accepted: ${refAccepted}`,
    ],
    [
      { type: 'registry', ref: `ghcr.io/o/app@sha256:${'a'.repeat(64)}` },
      `Invalid input 'ref': "ghcr.io/o/app@sha256:${'a'.repeat(64)}" names a digest, which cannot be exported to. Accepted: a repository with an optional tag, e.g. ghcr.io/owner/app:cache`,
    ],
    [
      { ref: 'ghcr.io/o/app' },
      "Invalid input 'ref': it does not apply to type gha. Accepted: set it only with type registry, inline",
    ],
    [
      { path: '/tmp/c' },
      "Invalid input 'path': it does not apply to type gha. Accepted: set it only with type local",
    ],
    [
      { compression: 'zstd' },
      "Invalid input 'compression': it does not apply to type gha. Accepted: set it only with type registry, local",
    ],
    [
      { bucket: 'b', type: 'azblob' },
      "Invalid input 'bucket': it does not apply to type azblob. Accepted: set it only with type s3",
    ],
    [
      { timeout: '10m', type: 's3' },
      "Invalid input 'timeout': it does not apply to type s3. Accepted: set it only with type gha",
    ],
    [
      { prefix: 'p/', type: 'registry', ref: 'r.io/a' },
      "Invalid input 'prefix': it does not apply to type registry. Accepted: set it only with type s3, azblob",
    ],
    [
      { 'ignore-error': 'true', type: 'inline', ref: 'r.io/a' },
      "Invalid input 'ignore-error': it does not apply to type inline (inline cache is written by the image exporter, which does not read it). Accepted: set it only with type gha, registry, local, s3, azblob",
    ],
    [
      { 'ignore-error': 'maybe' },
      `Invalid input 'ignore-error': "maybe" is not a boolean. Accepted: true or false`,
    ],
    [
      { compression: 'lz4', type: 'local', path: '/c' },
      `Invalid input 'compression': "lz4" is not accepted by BuildKit. Accepted: uncompressed, gzip, estargz, zstd`,
    ],
    [
      { 'compression-level': 'high', type: 'local', path: '/c' },
      `Invalid input 'compression-level': "high" is not accepted by BuildKit. Accepted: a whole number`,
    ],
    [
      { 'oci-mediatypes': 'yes', type: 'local', path: '/c' },
      `Invalid input 'oci-mediatypes': "yes" is not accepted by BuildKit. Accepted: true or false`,
    ],
    [
      { timeout: '5 minutes' },
      `Invalid input 'timeout': "5 minutes" is not accepted by BuildKit. Accepted: a Go duration such as 30s, 10m or 1h30m`,
    ],
    [
      { timeout: '7d' },
      `Invalid input 'timeout': "7d" is not accepted by BuildKit. Accepted: a Go duration such as 30s, 10m or 1h30m`,
    ],
    [
      { 'extra-attrs': 'ghtoken' },
      "Invalid input 'extra-attrs': entry 1 is not key=value. Accepted: one key=value per line",
    ],
    [
      { 'extra-attrs': 'version=2\n=x' },
      "Invalid input 'extra-attrs': entry 2 is not key=value. Accepted: one key=value per line",
    ],
    [
      { type: 'registry', ref: 'r.io/a', 'image-manifest': 'true', 'oci-mediatypes': 'false' },
      "Invalid input 'image-manifest': true needs OCI media types, and oci-mediatypes is false. Accepted: image-manifest: true with oci-mediatypes true (the default), or image-manifest: false",
    ],
    [
      { matrix: `${'['.repeat(20_000)}1${']'.repeat(20_000)}` },
      "Invalid input 'matrix': it nests 20000 levels deep. Accepted: the default ${{ toJSON(matrix) }}, or JSON nested at most 64 levels",
    ],
    [
      { matrix: `{"a":${'{"b":'.repeat(64)}1${'}'.repeat(64)}}` },
      "Invalid input 'matrix': it nests 65 levels deep. Accepted: the default ${{ toJSON(matrix) }}, or JSON nested at most 64 levels",
    ],
    [
      // A pasted secret with base64 padding: no part of it is quoted back.
      { 'extra-attrs': 'version=2\nQWxhZGRpbjpPcGVuU2VzYW1lIHNlY3JldCB0b2tlbg==' },
      "Invalid input 'extra-attrs': entry 2 names no attribute BuildKit reads for type gha; it is not quoted here, as it may be a secret. Accepted: token, url, url_v2, version, ghtoken, repository; set with their own inputs: scope, timeout, mode, ignore-error",
    ],
    [
      { 'extra-attrs': 'ghp_Abc/Def+Ghi=x' },
      "Invalid input 'extra-attrs': entry 1 names no attribute BuildKit reads for type gha; it is not quoted here, as it may be a secret. Accepted: token, url, url_v2, version, ghtoken, repository; set with their own inputs: scope, timeout, mode, ignore-error",
    ],
    [
      { 'extra-attrs': 'compresion=zstd', type: 'registry', ref: 'r.io/a' },
      `Invalid input 'extra-attrs': entry 1 names no attribute BuildKit reads for type registry (did you mean "compression"?); it is not quoted here, as it may be a secret. Accepted: registry.insecure; set with their own inputs: ref, oci-mediatypes, image-manifest, compression, compression-level, force-compression, mode, ignore-error`,
    ],
    [
      { 'extra-attrs': 'endpoint=http://x' },
      `Invalid input 'extra-attrs': entry 1 names no attribute BuildKit reads for type gha; it is not quoted here, as it may be a secret. Accepted: token, url, url_v2, version, ghtoken, repository; set with their own inputs: scope, timeout, mode, ignore-error`,
    ],
    [
      { 'extra-attrs': 'region=x', type: 'azblob' },
      `Invalid input 'extra-attrs': entry 1 names no attribute BuildKit reads for type azblob; it is not quoted here, as it may be a secret. Accepted: account_name, manifests_prefix, blobs_prefix, secret_access_key; set with their own inputs: account-url, container, prefix, scope, mode, ignore-error`,
    ],
    [
      { 'extra-attrs': 'mode=min', type: 'inline', ref: 'r.io/a' },
      "Invalid input 'extra-attrs': \"mode\" has its own input. Accepted: set it with 'mode'",
    ],
    [
      { 'extra-attrs': 'scope=other' },
      "Invalid input 'extra-attrs': \"scope\" has its own input. Accepted: set it with 'scope'",
    ],
    [
      { 'extra-attrs': 'name=x', type: 's3' },
      "Invalid input 'extra-attrs': \"name\" has its own input. Accepted: set it with 'scope'",
    ],
    [
      { 'extra-attrs': 'dest=/x', type: 'local', path: '/c' },
      "Invalid input 'extra-attrs': \"dest\" has its own input. Accepted: set it with 'path'",
    ],
    [
      { 'extra-attrs': 'compression=zstd', type: 'local', path: '/c' },
      "Invalid input 'extra-attrs': \"compression\" has its own input. Accepted: set it with 'compression'",
    ],
    [
      { 'extra-attrs': 'type=registry' },
      `Invalid input 'extra-attrs': "type" is set by the 'type' input. Accepted: token, url, url_v2, version, ghtoken, repository; set with their own inputs: scope, timeout, mode, ignore-error`,
    ],
    [
      { 'extra-attrs': 'version=2\nVERSION=1' },
      `Invalid input 'extra-attrs': "version" is given twice. Accepted: each attribute once`,
    ],
    [
      { 'extra-attrs': 'version=two' },
      `Invalid input 'extra-attrs': version: "two" is not accepted by BuildKit. Accepted: a whole number`,
    ],
    [
      { 'extra-attrs': 'upload_parallelism=0', type: 's3' },
      `Invalid input 'extra-attrs': upload_parallelism: "0" is not accepted by BuildKit. Accepted: a whole number above 0`,
    ],
    [
      { 'extra-attrs': 'touch_refresh=1d', type: 's3' },
      `Invalid input 'extra-attrs': touch_refresh: "1d" is not accepted by BuildKit. Accepted: a Go duration such as 30s, 10m or 1h30m`,
    ],
    [
      { 'extra-attrs': 'registry.insecure=on', type: 'registry', ref: 'r.io/a' },
      `Invalid input 'extra-attrs': registry.insecure: "on" is not accepted by BuildKit. Accepted: true or false`,
    ],
    [
      { 'extra-attrs': 'anything=1', type: 'inline', ref: 'r.io/a' },
      `Invalid input 'extra-attrs': entry 1 names no attribute BuildKit reads for type inline; it is not quoted here, as it may be a secret. Accepted: registry.insecure; set with their own inputs: ref, mode`,
    ],
    [
      { 'bake-target': 'app.cache-to' },
      `Invalid input 'bake-target': "app.cache-to" is not a bake target name or pattern. Accepted: letters, digits, _, -, and the patterns * ? []`,
    ],
    [
      { export: 'sometimes' },
      `Invalid input 'export': "sometimes" is not supported. Accepted: auto, true, false`,
    ],
    [
      { 'expose-runtime': 'yes' },
      `Invalid input 'expose-runtime': "yes" is not a boolean. Accepted: true or false`,
    ],
  ])('%j fails: %s', (inputs, message) => {
    expect(() => parseCacheSettings(reader(inputs))).toThrow(message)
    let thrown: unknown
    try {
      parseCacheSettings(reader(inputs))
    } catch (error) {
      thrown = error
    }
    expect((thrown as Error).message).toBe(message)
  })

  it.each(['ghp_SECRETVALUE', 'ghp_SECRETVALUE==', 'AKIA/SECRET+VALUE=x'])(
    'never quotes an extra-attrs line back, nor its start lower-cased (it may be a pasted credential): %s',
    (line) => {
      let message = ''
      try {
        parseCacheSettings(reader({ 'extra-attrs': line }))
      } catch (error) {
        message = (error as Error).message
      }
      expect(message).toMatch(/^Invalid input 'extra-attrs'/)
      expect(message.toLowerCase()).not.toContain('secretvalue')
    },
  )

  it('a matrix as deep as allowed, or with brackets inside its strings, is accepted', () => {
    const deep = `${'['.repeat(64)}1${']'.repeat(64)}`
    expect(parseCacheSettings(reader({ matrix: deep })).matrix).toBe(deep)
    const strings = JSON.stringify({ os: '['.repeat(100), q: '\\"{{{{' })
    expect(parseCacheSettings(reader({ matrix: strings })).matrix).toBe(strings)
  })
})

describe('withCacheLimit: the limit GitHub reports, when cache-limit is empty', () => {
  it.each<[Record<string, string>, number, object]>([
    [{}, 25e9, { cacheLimitBytes: 25e9, cacheLimitSource: 'github', pruneTargetBytes: 22.5e9 }],
    // A size target above GitHub's default is fine under a raised limit, and capped to one below.
    [{ 'prune-target': '15GB' }, 50e9, { cacheLimitBytes: 50e9, pruneTargetBytes: 15e9 }],
    [{ 'prune-target': '15GB' }, 5e9, { cacheLimitBytes: 5e9, pruneTargetBytes: 5e9 }],
    // cache-limit given: the input wins.
    [{ 'cache-limit': '20GB' }, 50e9, { cacheLimitBytes: 20e9, cacheLimitSource: 'input' }],
  ])('%j with %d reported → %j', (inputs, reported, expected) => {
    expect(withCacheLimit(parsePruneSettings(reader(inputs)), reported)).toMatchObject(expected)
  })
})

describe('withRetention: the retention GitHub reports, when orphan-age is empty', () => {
  it('takes the reported retention only when orphan-age is empty', () => {
    const thirty = 30 * 86_400_000
    expect(withRetention(parsePruneSettings(reader({})), thirty)).toMatchObject({
      orphanAgeMs: thirty,
      orphanAgeSource: 'github',
    })
    expect(withRetention(parsePruneSettings(reader({ 'orphan-age': '2d' })), thirty)).toMatchObject(
      { orphanAgeMs: 2 * 86_400_000, orphanAgeSource: 'input' },
    )
  })
})

describe('parsePruneSettings', () => {
  it('applies the defaults', () => {
    expect(parsePruneSettings(reader({}))).toEqual({
      prune: true,
      // Until the step reads the limit GitHub reports (withCacheLimit).
      cacheLimitBytes: 10_000_000_000,
      cacheLimitSource: 'default',
      pruneTargetBytes: 9_000_000_000,
      pruneTarget: { share: 0.9 },
      pruneGraceMs: 3_600_000,
      orphanAgeMs: 604_800_000,
      orphanAgeSource: 'default',
      protectDefaultBranch: true,
      githubToken: '',
      dryRun: false,
      summary: true,
    })
  })

  it.each([
    [
      { 'cache-limit': '20GiB' },
      { cacheLimitBytes: 21_474_836_480, pruneTargetBytes: 19_327_352_832 },
    ],
    [{ 'prune-target': '8GB' }, { pruneTargetBytes: 8_000_000_000 }],
    [{ 'prune-target': '100%' }, { pruneTargetBytes: 10_000_000_000 }],
    [
      { 'prune-grace': '15m', 'orphan-age': '2d' },
      { pruneGraceMs: 900_000, orphanAgeMs: 172_800_000 },
    ],
    [
      { 'github-token': 'ghs_x', 'dry-run': 'true', summary: 'false', prune: 'false' },
      { githubToken: 'ghs_x', dryRun: true, summary: false, prune: false },
    ],
    [{ 'protect-default-branch': 'false' }, { protectDefaultBranch: false }],
  ])('%j gives %j', (inputs, expected) => {
    expect(parsePruneSettings(reader(inputs))).toMatchObject(expected)
  })

  const size =
    'a number with a unit: B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024), e.g. 10GB'
  const target = `a percentage above 0% and up to 100%, e.g. 90% (of cache-limit), or ${size}`
  const duration =
    'a number with a unit: ms, s, m, h, d or w, or several together, e.g. 30s, 15m, 1h, 7d, 1h30m'
  it.each([
    [
      { 'cache-limit': 'ten gigs' },
      `Invalid input 'cache-limit': "ten gigs" is not a size. Accepted: ${size}`,
    ],
    [{ 'cache-limit': '0GB' }, "Invalid input 'cache-limit': it is zero. Accepted: a size above 0"],
    // A bare number is no size: `prune-target: 90` must not mean 90 bytes.
    [
      { 'prune-target': '90' },
      `Invalid input 'prune-target': "90" is not a size. Accepted: ${target}`,
    ],
    [{ 'cache-limit': '10' }, `Invalid input 'cache-limit': "10" is not a size. Accepted: ${size}`],
    [
      { 'prune-target': '150%' },
      `Invalid input 'prune-target': "150%" is not a percentage. Accepted: ${target}`,
    ],
    [
      { 'prune-target': '11GB', 'cache-limit': '10GB' },
      `Invalid input 'prune-target': "11GB" is 11000000000 bytes, outside 1 byte to cache-limit (10000000000 bytes). Accepted: ${target}`,
    ],
    [
      { 'prune-target': '0B' },
      `Invalid input 'prune-target': "0B" is 0 bytes, outside 1 byte to cache-limit (10000000000 bytes). Accepted: ${target}`,
    ],
    [
      { 'prune-grace': 'soon' },
      `Invalid input 'prune-grace': "soon" is not a duration. Accepted: ${duration}`,
    ],
    [
      { 'orphan-age': '48' },
      `Invalid input 'orphan-age': "48" is not a duration. Accepted: ${duration}`,
    ],
    [
      { 'prune-grace': '1h; 30m' },
      `Invalid input 'prune-grace': "1h; 30m" is not a duration. Accepted: ${duration}`,
    ],
    [{ 'dry-run': 'y' }, `Invalid input 'dry-run': "y" is not a boolean. Accepted: true or false`],
  ])('%j fails: %s', (inputs, message) => {
    expect(() => parsePruneSettings(reader(inputs))).toThrow(message)
  })
})

describe('parseBuilderSettings', () => {
  it('applies the defaults', () => {
    expect(parseBuilderSettings(reader({}))).toEqual({ usage: false, prune: false, filters: [] })
  })

  it('reads the prune knobs', () => {
    expect(
      parseBuilderSettings(
        reader({
          'builder-usage': 'true',
          'builder-prune': 'true',
          'builder-keep-storage': '5GB',
          'builder-keep-duration': '48h',
          'builder-prune-filter': 'type==regular\n\nuntil=24h\n',
        }),
      ),
    ).toEqual({
      usage: true,
      prune: true,
      keepStorageBytes: 5_000_000_000,
      keepDurationMs: 172_800_000,
      filters: ['type==regular', 'until=24h'],
    })
  })

  it.each([
    [
      { 'builder-keep-storage': 'lots' },
      'Invalid input \'builder-keep-storage\': "lots" is not a size.',
    ],
    [
      { 'builder-keep-duration': 'forever' },
      'Invalid input \'builder-keep-duration\': "forever" is not a duration.',
    ],
    [
      { 'builder-prune': '1' },
      `Invalid input 'builder-prune': "1" is not a boolean. Accepted: true or false`,
    ],
  ])('%j fails: %s', (inputs, message) => {
    expect(() => parseBuilderSettings(reader(inputs))).toThrow(message)
  })
})
