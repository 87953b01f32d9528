/** Unit tests for src/buildkit/index-document.ts, checked against the indexes real BuildKit v0.24.0 wrote. */
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import {
  parseIndexDocument,
  referencedBlobKeys,
  signatureBlobKey,
} from '../../src/buildkit/index-document.js'
import { parseKey } from '../../src/buildkit/keys.js'

const fixtureDir = new URL('../fixtures/buildkit-v0.24.0-gha/', import.meta.url).pathname

interface FixtureEntry {
  key: string
  ref: string
}
const entries: FixtureEntry[] = JSON.parse(readFileSync(`${fixtureDir}entries.json`, 'utf8'))
const indexFiles = readdirSync(`${fixtureDir}indexes`).filter((f) => f.endsWith('.json'))

const d = (c: string) => `sha256:${c.repeat(64)}`

describe('parseIndexDocument (rule 4)', () => {
  it.each(indexFiles)('every blob that %s references was stored as a blob entry', (file) => {
    const bytes = readFileSync(`${fixtureDir}indexes/${file}`)
    const keys = referencedBlobKeys(bytes, false)
    expect(keys).toHaveLength(3)
    const stored = new Set(entries.map((e) => e.key))
    for (const key of keys) {
      expect(parseKey(key).kind).toBe('blob')
      expect(stored.has(key)).toBe(true)
    }
    // Records' digests are cache keys, never blobs.
    const records: { digest: string }[] = JSON.parse(bytes.toString('utf8')).records
    for (const record of records) expect(keys).not.toContain(`buildkit-blob-1-${record.digest}`)
  })

  it('reads the omitted parent as 0 and an explicit -1 as no parent', () => {
    const bytes = readFileSync(`${fixtureDir}indexes/index-app-1-f04dcc3f_2.json`)
    expect(parseIndexDocument(bytes).layers.map((l) => l.parent)).toEqual([-1, 0, 1])
  })

  it.each<[string, string[]]>([
    ['{}', []],
    ['{"layers":[]}', []],
    [`{"layers":[{"blob":"${d('a')}","parent":-1}]}`, [`buildkit-blob-1-${d('a')}`]],
    // The same blob twice (two chains sharing a base layer) is one key.
    [
      `{"layers":[{"blob":"${d('a')}","parent":-1},{"blob":"${d('b')}"},{"blob":"${d('a')}","parent":1}]}`,
      [`buildkit-blob-1-${d('a')}`, `buildkit-blob-1-${d('b')}`],
    ],
    [
      `{"layers":[{"blob":"sha512:${'c'.repeat(128)}"}]}`,
      [`buildkit-blob-1-sha512:${'c'.repeat(128)}`],
    ],
  ])('referencedBlobKeys(%s)', (json, keys) => {
    expect(referencedBlobKeys(json, false)).toEqual(keys)
  })

  it('adds the signature blob of a signed index, hashed over the exact bytes', () => {
    const json = `{"layers":[{"blob":"${d('a')}","parent":-1}]}`
    const hex = createHash('sha256').update(json).digest('hex')
    expect(signatureBlobKey(json)).toBe(`buildkit-blob-1-sha256:${hex}-sig`)
    expect(referencedBlobKeys(json, true)).toEqual([
      `buildkit-blob-1-${d('a')}`,
      `buildkit-blob-1-sha256:${hex}-sig`,
    ])
    expect(parseKey(signatureBlobKey(json))).toEqual({
      kind: 'blob',
      digest: `sha256:${hex}`,
      signature: true,
    })
    // One byte more (a trailing newline) is another signature.
    expect(signatureBlobKey(`${json}\n`)).not.toBe(signatureBlobKey(json))
    expect(signatureBlobKey(Buffer.from(json))).toBe(signatureBlobKey(json))
  })

  it.each([
    ['', /^index document: not JSON/],
    ['{"layers":', /^index document: not JSON/],
    ['[]', /^index document: not a JSON object$/],
    ['null', /^index document: not a JSON object$/],
    ['{"layers":{}}', /^index document: "layers" is not an array$/],
    ['{"layers":[1]}', /^index document: layers\[0\] is not an object$/],
    ['{"layers":[{"parent":-1}]}', /^index document: layers\[0\]\.blob is missing$/],
    [
      `{"layers":[{"blob":"${d('a')}"},{"blob":"sha256:xyz"}]}`,
      /^index document: layers\[1\]\.blob "sha256:xyz" is not a digest$/,
    ],
    ['{"layers":[{"blob":42}]}', /^index document: layers\[0\]\.blob is missing$/],
    [
      `{"layers":[{"blob":"${d('a')}","parent":-2}]}`,
      /^index document: layers\[0\]\.parent -2 is not -1 or a layer index$/,
    ],
    [
      `{"layers":[{"blob":"${d('a')}","parent":"0"}]}`,
      /^index document: layers\[0\]\.parent "0" is not -1 or a layer index$/,
    ],
    // Layouts BuildKit does not write (a newer BuildKit renaming, nesting or nulling the layer
    // list, records naming layers that are not listed): never "references nothing" (rule 4).
    ['{"layers":null}', /^index document: "layers" is not an array$/],
    ['{"records":null}', /^index document: "records" is not an array$/],
    [
      `{"cache":{"layers":[{"blob":"${d('a')}","parent":-1}]}}`,
      /^index document: the document has the field "cache", which BuildKit does not write$/,
    ],
    [
      `{"layers":[{"blob":"${d('a')}","parent":-1}],"version":2}`,
      /^index document: the document has the field "version", which BuildKit does not write$/,
    ],
    [
      `{"layers":[{"blob":"${d('a')}","parent":-1,"blobs":["${d('b')}"]}]}`,
      /^index document: layers\[0\] has the field "blobs", which BuildKit does not write$/,
    ],
    [
      `{"records":[{"digest":"${d('c')}","layers":[{"layer":0}]}]}`,
      /^index document: records\[0\]\.layers\[0\]\.layer 0 is not a listed layer$/,
    ],
    [
      `{"layers":[{"blob":"${d('a')}","parent":-1}],"records":[{"chains":[{"layers":[0,1]}]}]}`,
      /^index document: records\[0\]\.chains\[0\]\.layers\[1\] 1 is not a listed layer$/,
    ],
    [
      `{"layers":[{"blob":"${d('a')}","parent":1}]}`,
      /^index document: layers\[0\]\.parent 1 is not -1 or a layer index$/,
    ],
    [
      `{"records":[{"digest":"${d('c')}","inputs":[[{"link":1}]]}]}`,
      /^index document: records\[0\]\.inputs\[0\]\[0\]\.link 1 is not a listed record$/,
    ],
    [
      `{"layers":[{"blob":"${d('a')}","parent":-1,"annotations":null}]}`,
      /^index document: layers\[0\]\.annotations is not an object$/,
    ],
    [
      '{"records":[{"digest":"k1"}]}',
      /^index document: records\[0\]\.digest "k1" is not a digest$/,
    ],
  ])('rejects %j', (json, message) => {
    expect(() => parseIndexDocument(json)).toThrow(message)
    expect(() => referencedBlobKeys(json, true)).toThrow(message)
  })
})
