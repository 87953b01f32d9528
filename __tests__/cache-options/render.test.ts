/** Unit tests for src/cache-options/csv.ts and src/cache-options/render.ts: exact text of every form. */
import { describe, expect, it } from '@jest/globals'
import { csvField, csvRecord } from '../../src/cache-options/csv.js'
import type { CachePlan } from '../../src/cache-options/model.js'
import {
  bakeSet,
  buildctlArgs,
  buildPushLines,
  buildxArgs,
  renderedForms,
  shellQuote,
  specCsv,
} from '../../src/cache-options/render.js'

describe('csvField', () => {
  it.each([
    ['scope=web', 'scope=web'],
    ['scope=', 'scope='],
    ['scope=a=b', 'scope=a=b'],
    ['scope=a,b', '"scope=a,b"'],
    ['scope=a"b', '"scope=a""b"'],
    ['scope=a b', '"scope=a b"'],
    ['scope=a\nb', '"scope=a\nb"'],
    ['scope=a\r\nb', '"scope=a\r\nb"'],
    ['scope=tab\t', '"scope=tab\t"'],
    ["scope=it's", "scope=it's"],
  ])('%j → %j', (field, quoted) => {
    expect(csvField(field)).toBe(quoted)
  })

  it('joins a record', () => {
    expect(csvRecord(['type=gha', 'scope=a,b', 'mode=max'])).toBe('type=gha,"scope=a,b",mode=max')
  })
})

const plan: CachePlan = {
  imports: [
    { type: 'registry', attrs: [['ref', 'r.io/app:web-pr-1']] },
    { type: 'registry', attrs: [['ref', 'r.io/app:web-main']] },
  ],
  exports: [
    {
      type: 'registry',
      attrs: [
        ['ref', 'r.io/app:web-pr-1'],
        ['mode', 'max'],
        ['ignore-error', 'true'],
      ],
    },
  ],
  buildArgs: [],
}
const hostile: CachePlan = {
  imports: [{ type: 'gha', attrs: [['scope', `x,url=http://evil "it's"`]] }],
  exports: [],
  buildArgs: [],
}

describe('renderers', () => {
  it('specCsv', () => {
    expect(specCsv(plan.exports[0])).toBe(
      'type=registry,ref=r.io/app:web-pr-1,mode=max,ignore-error=true',
    )
    expect(specCsv(hostile.imports[0])).toBe(`type=gha,"scope=x,url=http://evil ""it's"""`)
  })

  it('buildPushLines: one line per spec, quoted twice where a field needs quotes', () => {
    expect(buildPushLines(plan.imports)).toBe(
      'type=registry,ref=r.io/app:web-pr-1\ntype=registry,ref=r.io/app:web-main',
    )
    expect(buildPushLines(hostile.imports)).toBe(
      `type=gha,"""scope=x,url=http://evil """"it's"""""""`,
    )
    expect(buildPushLines([])).toBe('')
  })

  it('buildctlArgs and buildxArgs', () => {
    expect(buildctlArgs(plan)).toBe(
      "--import-cache 'type=registry,ref=r.io/app:web-pr-1' --import-cache 'type=registry,ref=r.io/app:web-main' --export-cache 'type=registry,ref=r.io/app:web-pr-1,mode=max,ignore-error=true'",
    )
    expect(buildxArgs(plan)).toBe(
      "--cache-from 'type=registry,ref=r.io/app:web-pr-1' --cache-from 'type=registry,ref=r.io/app:web-main' --cache-to 'type=registry,ref=r.io/app:web-pr-1,mode=max,ignore-error=true'",
    )
    expect(buildctlArgs(hostile)).toBe(
      `--import-cache 'type=gha,"scope=x,url=http://evil ""it'\\''s"""'`,
    )
    expect(buildxArgs({ imports: [], exports: [], buildArgs: [] })).toBe('')
  })

  it.each([
    ['plain', "'plain'"],
    ["it's", `'it'\\''s'`],
    ['$(id) `id` $HOME', "'$(id) `id` $HOME'"],
    ['', "''"],
  ])('shellQuote(%j) → %s', (word, quoted) => {
    expect(shellQuote(word)).toBe(quoted)
  })

  /** What the runner prints of `text` once it masks every occurrence of each secret. */
  function masked(text: string, secrets: readonly string[]): string {
    const hidden = new Array<boolean>(text.length).fill(false)
    for (const secret of secrets) {
      for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
        hidden.fill(true, at, at + secret.length)
      }
    }
    return [...text].map((ch, i) => (hidden[i] ? '*' : ch)).join('')
  }

  it.each([`s3cr"pw`, `s3cr'pw`, `s3cr"'pw`, `s3cr""pw`, `"s3cr,pw'`, `s3cr pw`, 's3crpw'])(
    'renderedForms(%j) masks the credential in every output',
    (secret) => {
      const withSecret: CachePlan = {
        imports: [{ type: 's3', attrs: [['secret_access_key', secret]] }],
        exports: [{ type: 's3', attrs: [['secret_access_key', secret]] }],
        buildArgs: [],
      }
      const bake = bakeSet(withSecret, '*')
      const outputs = [
        buildPushLines(withSecret.imports),
        buildctlArgs(withSecret),
        buildxArgs(withSecret),
        'lines' in bake ? bake.lines : '',
      ].join('\n')
      const shown = masked(outputs, renderedForms(secret))
      expect(shown).not.toMatch(/s3cr|pw/)
    },
  )

  it('bakeSet for a target pattern', () => {
    expect(bakeSet(plan, 'app')).toEqual({
      lines: [
        'app.cache-from=type=registry,ref=r.io/app:web-pr-1',
        'app.cache-from=type=registry,ref=r.io/app:web-main',
        'app.cache-to=type=registry,ref=r.io/app:web-pr-1,mode=max,ignore-error=true',
      ].join('\n'),
    })
    expect(bakeSet(hostile, '*')).toEqual({
      lines: `*.cache-from=type=gha,"scope=x,url=http://evil ""it's"""`,
    })
    expect(bakeSet({ imports: [], exports: [], buildArgs: [] }, '*')).toEqual({ lines: '' })
  })

  it('bakeSet refuses a line break, which bake-action would split', () => {
    expect(
      bakeSet(
        { imports: [{ type: 'gha', attrs: [['scope', 'a\nb']] }], exports: [], buildArgs: [] },
        '*',
      ),
    ).toEqual({
      unavailable: 'a cache attribute holds a line break, which bake-action cannot pass',
    })
  })
})
