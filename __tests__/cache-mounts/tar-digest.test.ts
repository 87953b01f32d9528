/**
 * The digest of a mount's tar (src/cache-mounts/tar-digest.ts) against tars GNU tar writes in each
 * format: what changes it (content, modes, owners, links, names) and what does not (times, order,
 * format).
 */
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { tarSummary } from '../../src/cache-mounts/tar-digest.js'

const root = mkdtempSync(join(tmpdir(), 'tar-digest-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0

/** A folder like a Go build cache: files, a nested folder, a symlink, a long name. */
function tree(change: (dir: string) => void = () => {}): string {
  const dir = join(root, `tree${n++}`)
  mkdirSync(join(dir, 'sub', 'x'.repeat(120)), { recursive: true })
  writeFileSync(join(dir, 'a.txt'), 'alpha\n')
  writeFileSync(join(dir, 'sub', 'b.bin'), Buffer.alloc(70_000, 7))
  writeFileSync(join(dir, 'sub', 'x'.repeat(120), 'deep'), 'deep\n')
  symlinkSync('a.txt', join(dir, 'link'))
  change(dir)
  return dir
}

function tarOf(dir: string, ...options: string[]): string {
  const file = join(root, `t${n++}.tar`)
  execFileSync('tar', ['-C', dir, ...options, '-cf', file, '.'])
  return file
}

describe('tarSummary', () => {
  it('counts entries and content bytes', async () => {
    const summary = await tarSummary(tarOf(tree()))
    // ., a.txt, link, sub, sub/b.bin, sub/xxx…, sub/xxx…/deep
    expect(summary.entries).toBe(7)
    expect(summary.contentBytes).toBe(6 + 70_000 + 5)
    expect(summary.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
  })

  it.each([
    ['other times', (d: string) => utimesSync(join(d, 'a.txt'), 1, 1)],
    ['another folder time', (d: string) => utimesSync(join(d, 'sub'), 5, 5)],
  ])('the same with %s', async (_name, change) => {
    const same = await tarSummary(tarOf(tree()))
    expect((await tarSummary(tarOf(tree(change)))).digest).toBe(same.digest)
  })

  it.each([
    ['gnu (long names as L entries)', ['--format=gnu']],
    ['posix (pax headers with times)', ['--format=posix']],
    ['sorted by name', ['--sort=name']],
  ])('the same in another format or order: %s', async (_name, options) => {
    const dir = tree()
    const base = await tarSummary(tarOf(dir, '--format=gnu'))
    expect((await tarSummary(tarOf(dir, ...options))).digest).toBe(base.digest)
  })

  it.each([
    ['a byte of content', (d: string) => writeFileSync(join(d, 'a.txt'), 'alphA\n')],
    ['a mode', (d: string) => chmodSync(join(d, 'a.txt'), 0o600)],
    [
      'a link target',
      (d: string) => (rmSync(join(d, 'link')), symlinkSync('sub', join(d, 'link'))),
    ],
    ['a name', (d: string) => writeFileSync(join(d, 'c.txt'), '')],
  ])('differs with %s', async (_name, change) => {
    const same = await tarSummary(tarOf(tree()))
    expect((await tarSummary(tarOf(tree(change)))).digest).not.toBe(same.digest)
  })

  it('differs with an owner (as the tar records it)', async () => {
    const dir = tree()
    const a = await tarSummary(tarOf(dir, '--owner=0', '--group=0'))
    const b = await tarSummary(tarOf(dir, '--owner=1000', '--group=0'))
    expect(b.digest).not.toBe(a.digest)
  })

  it('reads the tar of an empty mount (only ./)', async () => {
    const dir = join(root, 'empty')
    mkdirSync(dir)
    expect(await tarSummary(tarOf(dir))).toMatchObject({ entries: 1, contentBytes: 0 })
  })

  it('refuses what is not a tar, and a tar cut short', async () => {
    const junk = join(root, 'junk.tar')
    writeFileSync(junk, Buffer.alloc(1024, 65))
    await expect(tarSummary(junk)).rejects.toThrow(/not a tar/)
    const full = tarOf(tree())
    const cut = join(root, 'cut.tar')
    const bytes = execFileSync('head', ['-c', '2000', full])
    writeFileSync(cut, bytes)
    await expect(tarSummary(cut)).rejects.toThrow(/ends inside an entry/)
  })
})
