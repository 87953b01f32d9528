/**
 * Inputs → settings → plan → every rendered form, for every backend × mode × attribute. Each form
 * is read back the way its tool reads it (build-push-action's csv-parse layer, bake-action's,
 * a real `sh` for the buildctl/buildx flags, then BuildKit's CSV split) and compared attribute by
 * attribute with what the case expects, and with what BuildKit v0.24.0 reads (buildkit-oracle.ts).
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { parseCacheSettings } from '../../src/inputs.js'
import { ATTRIBUTES } from '../../src/cache-options/attributes.js'
import { planCache, type Access } from '../../src/cache-options/plan.js'
import type { RefContext } from '../../src/refs.js'
import {
  bakeSet,
  buildctlArgs,
  buildPushLines,
  buildxArgs,
} from '../../src/cache-options/render.js'
import {
  BUILDKIT_CURRENT,
  LATER,
  buildKitProblems,
  parseLikeBuildKit,
  throughBakeAction,
  throughBuildPushAction,
  type ParsedSpec,
} from './buildkit-oracle.js'

type Inputs = Record<string, string>
const BOTH: Access = { importEnabled: true, exportEnabled: true }
const MAIN: RefContext = { ref: 'refs/heads/main', defaultBranch: 'main' }

/** Runs the pipeline main.ts runs, minus the runtime. */
function render(inputs: Inputs, refs: RefContext = MAIN, access: Access = BOTH) {
  const settings = parseCacheSettings((name) => inputs[name] ?? '')
  const plan = planCache(
    {
      type: settings.type,
      mode: settings.mode,
      scope: settings.scope ?? 'web',
      ignoreError: settings.ignoreError,
      attrs: settings.attrs,
      ...(settings.ref ? { ref: settings.ref } : {}),
      ...(settings.path ? { path: settings.path } : {}),
    },
    refs,
    access,
  )
  return {
    plan,
    cacheFrom: buildPushLines(plan.imports),
    cacheTo: buildPushLines(plan.exports),
    buildctl: buildctlArgs(plan),
    buildx: buildxArgs(plan),
    bake: bakeSet(plan, '*'),
  }
}

/** The words a POSIX shell makes of the flags, as a `run:` step would pass them. */
function shellWords(args: string): string[] {
  if (args === '') return []
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${args}`], { encoding: 'utf8' })
  return out.split('\0').slice(0, -1)
}

function flagValues(words: string[], flag: string): string[] {
  return words.flatMap((word, index) => (index > 0 && words[index - 1] === flag ? [word] : []))
}

/** Every form, read back by its tool and split by BuildKit; they must agree. */
function readBack(result: ReturnType<typeof render>): {
  imports: ParsedSpec[]
  exports: ParsedSpec[]
} {
  const forms = {
    'build-push-action': {
      imports: throughBuildPushAction(result.cacheFrom),
      exports: throughBuildPushAction(result.cacheTo),
    },
    buildctl: {
      imports: flagValues(shellWords(result.buildctl), '--import-cache'),
      exports: flagValues(shellWords(result.buildctl), '--export-cache'),
    },
    buildx: {
      imports: flagValues(shellWords(result.buildx), '--cache-from'),
      exports: flagValues(shellWords(result.buildx), '--cache-to'),
    },
  }
  const parsed = Object.fromEntries(
    Object.entries(forms).map(([form, lines]) => [
      form,
      {
        imports: lines.imports.map(parseLikeBuildKit),
        exports: lines.exports.map(parseLikeBuildKit),
      },
    ]),
  )
  const reference = parsed['build-push-action']
  for (const form of ['buildctl', 'buildx'])
    expect({ form, ...parsed[form] }).toEqual({ form, ...reference })
  if ('lines' in result.bake) {
    const set = throughBakeAction(result.bake.lines)
    expect({
      imports: set
        .filter(([key]) => key === '*.cache-from')
        .map(([, value]) => parseLikeBuildKit(value)),
      exports: set
        .filter(([key]) => key === '*.cache-to')
        .map(([, value]) => parseLikeBuildKit(value)),
    }).toEqual(reference)
  }
  return reference
}

function expectBuildKitAccepts(specs: { imports: ParsedSpec[]; exports: ParsedSpec[] }) {
  const problems = [
    ...specs.imports.flatMap((spec) => buildKitProblems(spec, 'import')),
    ...specs.exports.flatMap((spec) => buildKitProblems(spec, 'export')),
  ]
  expect(problems).toEqual([])
}

/** Per type: the inputs of a minimal valid configuration and the specs it must give. */
const BASE: Record<
  string,
  { inputs: Inputs; imports: ParsedSpec[]; exportIdentity: Record<string, string> }
> = {
  gha: {
    inputs: {},
    imports: [{ type: 'gha', attrs: { scope: 'web' } }],
    exportIdentity: { scope: 'web' },
  },
  registry: {
    inputs: { ref: 'ghcr.io/owner/app-cache' },
    imports: [{ type: 'registry', attrs: { ref: 'ghcr.io/owner/app-cache:web-main' } }],
    exportIdentity: { ref: 'ghcr.io/owner/app-cache:web-main' },
  },
  inline: {
    inputs: { ref: 'ghcr.io/owner/app:latest' },
    imports: [{ type: 'registry', attrs: { ref: 'ghcr.io/owner/app:latest' } }],
    exportIdentity: {},
  },
  local: {
    inputs: { path: '/tmp/cache' },
    imports: [{ type: 'local', attrs: { src: '/tmp/cache' } }],
    exportIdentity: { dest: '/tmp/cache-new' },
  },
  s3: {
    inputs: {},
    imports: [{ type: 's3', attrs: { name: 'web' } }],
    exportIdentity: { name: 'web' },
  },
  azblob: {
    inputs: {},
    imports: [{ type: 'azblob', attrs: { name: 'web' } }],
    exportIdentity: { name: 'web' },
  },
}

/** A valid value for every attribute BuildKit reads. */
const SAMPLE: Record<string, string> = {
  compression: 'zstd',
  'compression-level': '3',
  'force-compression': 'true',
  'oci-mediatypes': 'false',
  'image-manifest': 'true',
  timeout: '5m',
  token: 'runtime-token',
  url: 'http://cache.local/',
  url_v2: 'http://results.local/',
  version: '2',
  ghtoken: 'ghp_example',
  repository: 'owner/repo',
  'registry.insecure': 'true',
  digest: `sha256:${'a'.repeat(64)}`,
  tag: 'v2',
  bucket: 'builds',
  region: 'eu-west-1',
  endpoint_url: 'http://minio:9000',
  prefix: 'ci/',
  manifests_prefix: 'm/',
  blobs_prefix: 'b/',
  touch_refresh: '12h',
  access_key_id: 'AKIAEXAMPLE',
  secret_access_key: 's3cr3t',
  session_token: 'session',
  use_path_style: 'true',
  upload_parallelism: '8',
  account_url: 'https://acct.blob.core.windows.net',
  account_name: 'acct',
  container: 'cache',
  reset: 'true',
  disable_accept_encoding: 'true',
  retry_mode: 'adaptive',
  retry_max_attempts: '5',
}

/** Attributes with a typed input, by BuildKit name; the rest go through extra-attrs. */
const TYPED_INPUT: Record<string, string> = {
  compression: 'compression',
  'compression-level': 'compression-level',
  'force-compression': 'force-compression',
  'oci-mediatypes': 'oci-mediatypes',
  'image-manifest': 'image-manifest',
  timeout: 'timeout',
  bucket: 'bucket',
  region: 'region',
  endpoint_url: 'endpoint-url',
  account_url: 'account-url',
  container: 'container',
  prefix: 'prefix',
}

/** Set by the action itself from scope/ref/path/mode/ignore-error. */
const OWN = new Set(['scope', 'name', 'ref', 'src', 'dest', 'mode', 'ignore-error'])

/** Where BuildKit reads an option of a type: inline imports through the registry importer. */
function readers(type: string): {
  import: Record<string, unknown>
  export: Record<string, unknown>
} {
  const reads = BUILDKIT_CURRENT[type]
  return type === 'inline'
    ? { import: BUILDKIT_CURRENT.registry.import, export: reads.export }
    : { import: reads.import, export: reads.export }
}

function options(type: string): string[] {
  const { import: imp, export: exp } = readers(type)
  return [...new Set([...Object.keys(imp), ...Object.keys(exp)])].filter((key) => !OWN.has(key))
}

const MODES: Record<string, string[]> = {
  gha: ['', 'min', 'max'],
  registry: ['', 'min', 'max'],
  inline: ['', 'min'],
  local: ['', 'min', 'max'],
  s3: ['', 'min', 'max'],
  azblob: ['', 'min', 'max'],
}

const CASES = Object.keys(BASE).flatMap((type) =>
  MODES[type].flatMap((mode) =>
    [undefined, ...options(type)].map((option) => ({ type, mode, option })),
  ),
)

describe("the action's attribute table", () => {
  it.each(Object.keys(BUILDKIT_CURRENT))(
    '%s: reads what current BuildKit reads, where it reads it',
    (type) => {
      const table = ATTRIBUTES[type as keyof typeof ATTRIBUTES]
      const keys = (direction: 'import' | 'export') =>
        Object.keys(table)
          .filter((key) => table[key].directions.includes(direction))
          .sort()
      const where = readers(type)
      expect({ import: keys('import'), export: keys('export') }).toEqual({
        import: Object.keys(where.import).sort(),
        export: Object.keys(where.export).sort(),
      })
      // Each attribute a release after v0.24 added is marked with that release.
      const later = LATER[type] ?? {}
      expect(
        Object.fromEntries(
          Object.entries(table)
            .filter(([, info]) => info.since)
            .map(([key, info]) => [key, info.since]),
        ),
      ).toEqual(Object.fromEntries(Object.entries(later).map(([key, a]) => [key, a.since])))
    },
  )
})

describe('every backend × mode × attribute', () => {
  it('covers every attribute BuildKit reads, for every type', () => {
    const covered = new Set(CASES.map(({ option }) => option))
    for (const type of Object.keys(BASE)) {
      for (const key of options(type))
        expect({ type, key, covered: covered.has(key) }).toEqual({ type, key, covered: true })
      for (const key of options(type)) expect(SAMPLE).toHaveProperty([key])
    }
    expect(CASES.length).toBeGreaterThan(100)
  })

  it.each(CASES)('$type mode=$mode with $option', ({ type, mode, option }) => {
    const base = BASE[type]
    const inputs: Inputs = { type, scope: 'web', ...base.inputs, ...(mode ? { mode } : {}) }
    if (option) {
      if (TYPED_INPUT[option]) inputs[TYPED_INPUT[option]] = SAMPLE[option]
      else inputs['extra-attrs'] = `${option}=${SAMPLE[option]}`
    }
    const specs = readBack(render(inputs))
    expectBuildKitAccepts(specs)

    const where = readers(type)
    const optionAttr = (direction: 'import' | 'export') =>
      option && option in where[direction] ? { [option]: SAMPLE[option] } : {}
    const resolvedMode = mode || (type === 'inline' ? 'min' : 'max')
    expect(specs.imports).toEqual(
      base.imports.map((spec) => ({
        type: spec.type,
        attrs: { ...spec.attrs, ...optionAttr('import') },
      })),
    )
    expect(specs.exports).toEqual([
      {
        type,
        attrs: {
          ...base.exportIdentity,
          mode: resolvedMode,
          ...optionAttr('export'),
          ...(type === 'inline' ? {} : { 'ignore-error': 'true' }),
        },
      },
    ])
  })

  it.each(Object.keys(BASE).filter((type) => type !== 'inline'))(
    '%s: ignore-error false is passed on',
    (type) => {
      const specs = readBack(render({ type, ...BASE[type].inputs, 'ignore-error': 'false' }))
      expect(specs.exports[0].attrs['ignore-error']).toBe('false')
      expectBuildKitAccepts(specs)
    },
  )

  it.each(Object.keys(BASE))('%s: no export, no import', (type) => {
    const inputs = { type, ...BASE[type].inputs }
    const noExport = render(inputs, MAIN, { importEnabled: true, exportEnabled: false })
    expect(noExport.cacheTo).toBe('')
    expect(noExport.plan.buildArgs).toEqual([])
    expect(readBack(noExport).imports).toEqual(BASE[type].imports)
    const nothing = render(inputs, MAIN, { importEnabled: false, exportEnabled: false })
    expect([nothing.cacheFrom, nothing.cacheTo, nothing.buildctl, nothing.buildx]).toEqual([
      '',
      '',
      '',
      '',
    ])
  })

  it('inline also gives the build argument Docker-integrated BuildKit needs', () => {
    expect(render({ type: 'inline', ref: 'ghcr.io/o/app' }).plan.buildArgs).toEqual([
      'BUILDKIT_INLINE_CACHE=1',
    ])
  })
})

describe('registry: per-branch and per-PR tags', () => {
  const ref = 'ghcr.io/owner/app-cache'
  it.each([
    {
      name: 'push to the default branch imports and exports its own tag',
      refs: { ref: 'refs/heads/main', defaultBranch: 'main' },
      imports: ['web-main'],
      exportTag: 'web-main',
    },
    {
      name: 'a branch imports its own tag, then the default branch',
      refs: { ref: 'refs/heads/feature/login', defaultBranch: 'main' },
      imports: ['web-feature-login', 'web-main'],
      exportTag: 'web-feature-login',
    },
    {
      name: 'a pull request imports its own, the base, then the default branch',
      refs: { ref: 'refs/pull/42/merge', baseRef: 'release/1.x', defaultBranch: 'main' },
      imports: ['web-pr-42', 'web-release-1.x', 'web-main'],
      exportTag: 'web-pr-42',
    },
    {
      name: 'a tag build',
      refs: { ref: 'refs/tags/v1.2.3', defaultBranch: 'main' },
      imports: ['web-tag-v1.2.3', 'web-main'],
      exportTag: 'web-tag-v1.2.3',
    },
    {
      name: 'outside Actions: the scope alone',
      refs: {},
      imports: ['web'],
      exportTag: 'web',
    },
  ])('$name', ({ refs, imports, exportTag }) => {
    const specs = readBack(render({ type: 'registry', ref }, refs))
    expectBuildKitAccepts(specs)
    expect(specs.imports.map((spec) => spec.attrs.ref)).toEqual(
      imports.map((tag) => `${ref}:${tag}`),
    )
    expect(specs.exports.map((spec) => spec.attrs.ref)).toEqual([`${ref}:${exportTag}`])
  })

  it.each([
    ['registry', 'ghcr.io/Octo-Org/Web-App/cache', 'ghcr.io/octo-org/web-app/cache:web-main'],
    [
      'registry',
      'ghcr.io/Octo-Org/Web-App/cache:Build',
      'ghcr.io/octo-org/web-app/cache:Build-web-main',
    ],
    ['inline', 'ghcr.io/Octo-Org/Web-App:Latest', 'ghcr.io/octo-org/web-app:Latest'],
  ])(
    '%s with a mixed-case repository (%s): every form names the lower-cased path',
    (type, given, exported) => {
      const result = render({ type, ref: given })
      const specs = readBack(result)
      expectBuildKitAccepts(specs)
      // An inline export writes into the image itself: only its import names the image.
      const named = type === 'inline' ? specs.imports : specs.exports
      expect(named.map((spec) => spec.attrs.ref)).toEqual([exported])
      for (const spec of [...specs.imports, ...specs.exports].filter((x) => x.attrs.ref)) {
        expect(spec.attrs.ref).toMatch(/^ghcr\.io\/octo-org\/web-app/)
      }
      const bake = 'lines' in result.bake ? result.bake.lines : ''
      for (const form of [result.cacheFrom, result.cacheTo, result.buildctl, result.buildx, bake]) {
        expect(form).not.toContain('Octo-Org')
        expect(form).not.toContain('Web-App')
      }
    },
  )

  it('a tag in ref prefixes every derived tag', () => {
    const specs = readBack(render({ type: 'registry', ref: 'localhost:5000/app:cache' }))
    expect(specs.exports[0].attrs.ref).toBe('localhost:5000/app:cache-web-main')
  })

  it.each([
    [
      'a branch with characters tags refuse',
      'refs/heads/x,url=http://evil"\'',
      /^[\w][\w.-]{0,127}$/,
    ],
    ['a 300-character branch', `refs/heads/${'b'.repeat(300)}`, /^[\w][\w.-]{0,127}$/],
    ['a branch starting with a dot', 'refs/heads/.hidden', /^[\w][\w.-]{0,127}$/],
  ])('%s still gives a valid tag', (_name, branch, tagPattern) => {
    const specs = readBack(render({ type: 'registry', ref }, { ref: branch }))
    expectBuildKitAccepts(specs)
    const tag = specs.exports[0].attrs.ref.slice(ref.length + 1)
    expect(tag).toMatch(tagPattern)
    expect(Object.keys(specs.exports[0].attrs)).toEqual(['ref', 'mode', 'ignore-error'])
  })
})

describe('injection: values that look like CSV or shell stay data', () => {
  const hostile = [
    'x,url=http://evil',
    'a"b',
    '"quoted"',
    'key=value=more',
    'with space',
    ' leading and trailing ',
    "it's",
    'tab\there',
    '$(touch /tmp/pwned)`id`',
    ',',
    '""',
  ]

  it.each(hostile)('gha scope %j', (scope) => {
    const result = render({ type: 'gha', scope })
    const specs = readBack(result)
    expect(specs.imports).toEqual([{ type: 'gha', attrs: { scope } }])
    expect(specs.exports[0].attrs).toEqual({ scope, mode: 'max', 'ignore-error': 'true' })
    expect(result.bake).toEqual(
      /[\r\n]/.test(scope)
        ? { unavailable: 'a cache attribute holds a line break, which bake-action cannot pass' }
        : { lines: expect.any(String) },
    )
  })

  it.each(hostile)('s3 name and an extra-attrs value %j', (value) => {
    // extra-attrs holds one attribute per line, so a value of its own cannot break a line; its
    // lines are trimmed, like every input.
    const prefix = value.includes('\n') ? 'ci/' : value
    const specs = readBack(
      render({ type: 's3', scope: value, 'extra-attrs': `manifests_prefix=${prefix}` }),
    )
    const expected = prefix.trim()
    expect(specs.imports).toEqual([
      { type: 's3', attrs: { name: value, manifests_prefix: expected } },
    ])
    expect(specs.exports[0].attrs).toEqual({
      name: value,
      mode: 'max',
      manifests_prefix: expected,
      'ignore-error': 'true',
    })
  })

  it.each(hostile.filter((value) => !/\n/.test(value)))('local path %j', (value) => {
    const path = `/tmp/${value}`
    const specs = readBack(render({ type: 'local', path }))
    expect(specs.imports).toEqual([{ type: 'local', attrs: { src: path } }])
    expect(specs.exports[0].attrs.dest).toBe(`${path}-new`)
  })

  it('a branch named to inject an attribute cannot redirect a registry export', () => {
    const specs = readBack(
      render({ type: 'registry', ref: 'ghcr.io/o/c' }, { ref: 'refs/heads/x,ref=evil.io/steal' }),
    )
    expect(specs.exports).toHaveLength(1)
    expect(specs.exports[0].attrs.ref).toMatch(/^ghcr\.io\/o\/c:/)
    expect(Object.keys(specs.exports[0].attrs)).toEqual(['ref', 'mode', 'ignore-error'])
  })
})
