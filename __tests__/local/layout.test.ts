/** inspectLayout against the layout real BuildKit v0.24.0 wrote, and against broken variants of it. */
import { createHash } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { nodeFs } from '../../src/local/fs.js'
import { inspectLayout } from '../../src/local/layout.js'
import { copyRecordedLayout, recordedTree, writeBuildKitLayout } from './buildkit-layout.js'

const LATEST = 'sha256:2c9b714ab7d456f09637c96d79c847c4cdb0baedb37095fbbf252c7158c6256c'
const FIRST = 'sha256:1e1965a4e0dde426906946a2f9b9c07cf4a1f3a2ef70e8502f9d9af863843a8a'

let dir: string
beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'layout-'))
})
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true })
})

const blob = (digest: string) => join(dir, 'blobs', 'sha256', digest.replace('sha256:', ''))

/** The recorded directory after two exports, large layers filled with bytes of their recorded sizes. */
async function recordedWithPlaceholders(): Promise<Map<string, number>> {
  await copyRecordedLayout(dir)
  const tree = await recordedTree()
  for (const [digest, size] of tree) {
    const present = await fsp.stat(blob(digest)).catch(() => undefined)
    if (!present) await fsp.writeFile(blob(digest), Buffer.alloc(size, 7))
  }
  return tree
}

describe('inspectLayout on the recorded BuildKit v0.24.0 layout', () => {
  it('finds the latest cache manifest and counts only the blobs it reaches', async () => {
    const tree = await recordedWithPlaceholders()
    const result = await inspectLayout(dir, nodeFs)
    // manifest 2c9b…, config a04b…, layers 3a96…, 550a…, fc80…: the first export's 3 MB layer and
    // its manifest/config are still on disk (BuildKit never deletes) but no longer reachable.
    const reachable = [
      LATEST,
      'sha256:a04b78c15d5374b35fe17f50bbb8f73a9111ff2e1394f6b45fab1286000cf56e',
      'sha256:3a96e8f90bfafa7475ed4dbbee69f1d69265272c1e57b13242c45c11dfdc5222',
      'sha256:550a975506e25b11fcd08574e4526c4b5a7649cda4bd78cd3f67cb5c06e79e4d',
      'sha256:fc80a80df827f0d42205cc919824b8a2c627093b23c6f2f0647c779bcdd21e43',
    ]
    const reachableBytes = reachable.reduce((sum, d) => sum + (tree.get(d) ?? NaN), 0)
    let onDisk = 0
    for (const size of tree.values()) onDisk += size
    expect(result).toEqual({
      state: 'valid',
      manifestDigest: LATEST,
      blobCount: 5,
      totalBytes: reachableBytes,
    })
    expect(onDisk - reachableBytes).toBe(1105 + 1236 + 254 + 3147011)
  })

  it('reports the recorded layout as partial: its large layers are not in the fixture', async () => {
    await copyRecordedLayout(dir)
    expect(await inspectLayout(dir, nodeFs)).toEqual({
      state: 'invalid',
      reason:
        'blob sha256:550a975506e25b11fcd08574e4526c4b5a7649cda4bd78cd3f67cb5c06e79e4d (application/vnd.oci.image.layer.v1.tar+gzip) is missing',
    })
  })

  it('takes the first export as the cache when index.json points at it', async () => {
    await recordedWithPlaceholders()
    const index = JSON.parse(await fsp.readFile(join(dir, 'index.json'), 'utf8'))
    index.manifests[0].digest = FIRST
    await fsp.writeFile(join(dir, 'index.json'), JSON.stringify(index))
    const result = await inspectLayout(dir, nodeFs)
    expect(result).toMatchObject({ state: 'valid', manifestDigest: FIRST, blobCount: 5 })
  })
})

describe('inspectLayout on generated layouts', () => {
  it('gives the same manifest digest for the same layers and a different one when a layer changes', async () => {
    const a = await writeBuildKitLayout(join(dir, 'a'), [
      { seed: 'base', size: 5000 },
      { recorded: 'sha256:1299ba4b50f47f7696b2ec1e3da64b58c31225c2f6a6f7573b68e2b78d2f1a29' },
    ])
    const b = await writeBuildKitLayout(join(dir, 'b'), [
      { seed: 'base', size: 5000 },
      { recorded: 'sha256:1299ba4b50f47f7696b2ec1e3da64b58c31225c2f6a6f7573b68e2b78d2f1a29' },
    ])
    const c = await writeBuildKitLayout(join(dir, 'c'), [
      { seed: 'base', size: 5000 },
      { seed: 'changed', size: 300 },
    ])
    const [ra, rb, rc] = await Promise.all(
      ['a', 'b', 'c'].map((n) => inspectLayout(join(dir, n), nodeFs)),
    )
    expect(ra).toEqual({
      state: 'valid',
      manifestDigest: a.manifestDigest,
      blobCount: 4,
      totalBytes: a.totalBytes,
    })
    expect(rb).toEqual(ra)
    expect(b.manifestDigest).toBe(a.manifestDigest)
    expect(rc).toMatchObject({ state: 'valid', manifestDigest: c.manifestDigest })
    expect(c.manifestDigest).not.toBe(a.manifestDigest)
  })
})

type Breakage = [
  name: string,
  breakIt: (layout: { manifestDigest: string; layer: string }) => Promise<void>,
  reason: RegExp | string,
]

const writeJson = (path: string, value: unknown) => fsp.writeFile(path, JSON.stringify(value))
const editIndex = async (edit: (index: { manifests: Record<string, unknown>[] }) => unknown) => {
  const index = JSON.parse(await fsp.readFile(join(dir, 'index.json'), 'utf8'))
  await writeJson(join(dir, 'index.json'), edit(index) ?? index)
}

describe('inspectLayout rejects what BuildKit could not import', () => {
  it.each<Breakage>([
    ['no oci-layout', () => fsp.rm(join(dir, 'oci-layout')), 'oci-layout is missing'],
    [
      'oci-layout without a version',
      () => writeJson(join(dir, 'oci-layout'), {}),
      'oci-layout has no imageLayoutVersion',
    ],
    [
      'no index.json (export stopped before the index)',
      () => fsp.rm(join(dir, 'index.json')),
      'index.json is missing',
    ],
    [
      'truncated index.json',
      async () => fsp.writeFile(join(dir, 'index.json'), '{"schemaVersion":2,"manif'),
      'index.json is not valid JSON',
    ],
    [
      'index.json that is an array',
      () => writeJson(join(dir, 'index.json'), []),
      'index.json is not a JSON object',
    ],
    [
      'index.json without manifests',
      () => editIndex(() => ({ schemaVersion: 2 })),
      'index.json has no "manifests" list',
    ],
    [
      'empty index',
      () => editIndex((i) => ({ ...i, manifests: [] })),
      'index.json lists no manifests',
    ],
    [
      'missing manifest blob',
      async ({ manifestDigest }) => fsp.rm(blob(manifestDigest)),
      /^blob sha256:[0-9a-f]{64} \(application\/vnd\.oci\.image\.manifest\.v1\+json\) is missing$/,
    ],
    [
      'missing layer blob',
      async ({ layer }) => fsp.rm(blob(layer)),
      /^blob sha256:[0-9a-f]{64} \(application\/vnd\.oci\.image\.layer\.v1\.tar\+gzip\) is missing$/,
    ],
    [
      'short layer blob (interrupted write)',
      async ({ layer }) => fsp.truncate(blob(layer), 10),
      /has 10 bytes, its descriptor says 2048$/,
    ],
    [
      'manifest whose bytes changed',
      async ({ manifestDigest }) => {
        const path = blob(manifestDigest)
        const text = await fsp.readFile(path, 'utf8')
        await fsp.writeFile(path, text.replace('"schemaVersion":2', '"schemaVersion":3'))
      },
      /does not match its digest$/,
    ],
    [
      'digest with a path in it',
      () =>
        editIndex((i) => {
          i.manifests[0].digest = 'sha256:../../etc/passwd'
        }),
      /invalid digest "sha256:\.\.\/\.\.\/etc\/passwd"$/,
    ],
    [
      'digest of the wrong length',
      () =>
        editIndex((i) => {
          i.manifests[0].digest = `sha256:${'a'.repeat(63)}`
        }),
      /invalid digest/,
    ],
    [
      'negative size',
      () =>
        editIndex((i) => {
          i.manifests[0].size = -1
        }),
      /invalid size -1$/,
    ],
    [
      'descriptor without mediaType',
      () =>
        editIndex((i) => {
          delete i.manifests[0].mediaType
        }),
      'index.json manifests[0] has no mediaType',
    ],
    [
      'two manifests, none tagged latest',
      () =>
        editIndex((i) => {
          const other = { ...i.manifests[0], annotations: {} }
          i.manifests = [{ ...i.manifests[0], annotations: {} }, other]
        }),
      'index.json lists 2 manifests and none is tagged "latest"',
    ],
    [
      'two manifests tagged latest',
      () =>
        editIndex((i) => {
          i.manifests = [i.manifests[0], i.manifests[0]]
        }),
      'index.json tags 2 manifests "latest"',
    ],
  ])('%s', async (_name, breakIt, reason) => {
    const written = await writeBuildKitLayout(dir, [
      { seed: 'one', size: 2048 },
      { seed: 'two', size: 2048 },
    ])
    expect(await inspectLayout(dir, nodeFs)).toMatchObject({ state: 'valid' })
    const layer = [...written.blobs.entries()].find(([, size]) => size === 2048)![0]
    await breakIt({ manifestDigest: written.manifestDigest, layer })
    const result = await inspectLayout(dir, nodeFs)
    expect(result.state).toBe('invalid')
    if (result.state !== 'invalid') return
    if (typeof reason === 'string') expect(result.reason).toBe(reason)
    else expect(result.reason).toMatch(reason)
  })

  it.each([
    ['no directory', async () => undefined],
    [
      'an empty directory (BuildKit creates dest before the build; the build failed)',
      () => fsp.mkdir(join(dir, 'x')),
    ],
  ])('treats %s as nothing exported', async (_name, make) => {
    await make()
    expect(await inspectLayout(join(dir, 'x'), nodeFs)).toEqual({ state: 'missing' })
  })

  it('follows an image index (how older BuildKit wrote the cache) to its manifests', async () => {
    const written = await writeBuildKitLayout(dir, [{ seed: 'one', size: 100 }])
    const manifestSize = written.blobs.get(written.manifestDigest)!
    const nested = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: written.manifestDigest,
            size: manifestSize,
          },
        ],
      }),
    )
    const nestedDigest = `sha256:${createHash('sha256').update(nested).digest('hex')}`
    await fsp.writeFile(blob(nestedDigest), nested)
    await editIndex((i) => {
      i.manifests[0] = {
        ...i.manifests[0],
        mediaType: 'application/vnd.oci.image.index.v1+json',
        digest: nestedDigest,
        size: nested.length,
      }
    })
    expect(await inspectLayout(dir, nodeFs)).toEqual({
      state: 'valid',
      manifestDigest: nestedDigest,
      blobCount: written.blobs.size + 1,
      totalBytes: written.totalBytes + nested.length,
    })
    await fsp.rm(blob([...written.blobs.entries()].find(([, s]) => s === 100)![0]))
    expect(await inspectLayout(dir, nodeFs)).toMatchObject({ state: 'invalid' })
  })
})
