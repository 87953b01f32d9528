/** src/runner/secrets.ts and its callers: a secret is masked in every form it is printed in. */
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { describeErrorBody } from '../../src/cache-service/errors.js'
import { maskSecret } from '../../src/runner/log.js'
import {
  forgetSecrets,
  redactSecrets,
  rememberSecrets,
  secretForms,
} from '../../src/runner/secrets.js'

afterEach(() => {
  forgetSecrets()
  jest.restoreAllMocks()
})

describe('secretForms', () => {
  it.each<[string, string[]]>([
    ['hunter22', ['hunter22']],
    // The runner masks line by line: each line of a secret, and its one-line form.
    ['abcd\nefgh', ['abcd\nefgh', 'abcd\\nefgh', 'abcd', 'efgh']],
    ['abcd\r\nefgh', ['abcd\r\nefgh', 'abcd\\r\\nefgh', 'abcd', 'efgh']],
    ['tok1\rtok2-x', ['tok1\rtok2-x', 'tok1\\rtok2-x', 'tok1', 'tok2-x']],
    // Lines too short to be secrets on their own are not masked alone (they would mask words).
    ['ab\nlonger-part', ['ab\nlonger-part', 'ab\\nlonger-part', 'longer-part']],
    ['', []],
    // As a logged line prints it: `##[` escaped anywhere, a leading `::` escaped too.
    ['tok##[x', ['tok##[x', 'tok##\\[x']],
    ['::tok##[x', ['::tok##[x', '::tok##\\[x', '\\::tok##\\[x']],
  ])('%j → %j', (value, forms) => {
    expect(secretForms(value)).toEqual(forms)
  })

  it('maskSecret tells the runner every form', () => {
    const out: string[] = []
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk))
      return true
    })
    maskSecret('abcd\nefgh')
    const masks = out
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('::add-mask::'))
    expect(masks).toEqual([
      '::add-mask::abcd%0Aefgh',
      '::add-mask::abcd\\nefgh',
      '::add-mask::abcd',
      '::add-mask::efgh',
    ])
  })
})

describe('redactSecrets', () => {
  it('replaces every remembered form, longest first', () => {
    rememberSecrets(['abcd\nefgh', 's3cr3t'])
    expect(redactSecrets('x abcd\nefgh y s3cr3t z abcd\\nefgh')).toBe('x *** y *** z ***')
    expect(redactSecrets('nothing here')).toBe('nothing here')
  })

  it('an error body is redacted before it is cut: no fragment of a token survives', () => {
    const token = `ghs_${'T'.repeat(60)}`
    rememberSecrets([token])
    // A proxy echoing the request: the token straddles the 200th character.
    const body = Buffer.from(`${'x'.repeat(160)} Authorization: Bearer ${token} and more`)
    const { message } = describeErrorBody(body)
    expect(message).not.toContain('TTTT')
    expect(message).toContain('Bearer ***')
    const json = Buffer.from(JSON.stringify({ msg: `denied for ${token}`, code: 'x' }))
    expect(describeErrorBody(json).message).toBe('denied for ***')
  })
})
