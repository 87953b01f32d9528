/**
 * What a cache mount's tar holds, as one digest, read without unpacking it: each entry's name,
 * type, permission bits, owner, size, link target, device numbers and content, in name order, and
 * not its times. A mount brought back by an inject gets new times on its folders (the utility
 * image's tar sets them when it unpacks), so the tar extracted after a build that changed nothing
 * differs in bytes from the one restored; the digest does not, and an unchanged mount is not
 * uploaded again (docs/cache-mounts.md).
 *
 * Reads ustar, GNU long names and links (`L`, `K`) and pax headers (`x`: path, linkpath, size,
 * uid, gid); a global pax header (`g`) is skipped.
 */
import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'

const BLOCK = 512
const CHUNK = 1 << 20

export interface TarSummary {
  /** `sha256:<hex>` of the entries as described above. */
  digest: string
  /** Entries, folders included. */
  entries: number
  /** Bytes of file content. */
  contentBytes: number
}

/** A number field: octal text, or base-256 when its first byte has the high bit. */
function numberField(block: Buffer, start: number, length: number): number {
  const field = block.subarray(start, start + length)
  if (field[0]! & 0x80) {
    let n = field[0]! & 0x7f
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i]!
    return n
  }
  const text = field.toString('latin1').replace(/\0.*$/s, '').trim()
  if (text === '') return 0
  if (!/^[0-7]+$/.test(text)) throw new Error(`not a tar header (field "${text}")`)
  return Number.parseInt(text, 8)
}

const textField = (block: Buffer, start: number, length: number) => {
  const field = block.subarray(start, start + length)
  const end = field.indexOf(0)
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8')
}

/** pax records: `<length> <key>=<value>\n`. */
function paxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>()
  let at = 0
  while (at < data.length) {
    const space = data.indexOf(0x20, at)
    if (space < 0) break
    const length = Number.parseInt(data.subarray(at, space).toString('latin1'), 10)
    if (!Number.isSafeInteger(length) || length <= 0) throw new Error('a pax header is malformed')
    const record = data.subarray(space + 1, at + length - 1).toString('utf8')
    const eq = record.indexOf('=')
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1))
    at += length
  }
  return records
}

const checksumOk = (block: Buffer) => {
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!
  return sum === numberField(block, 148, 8)
}

/** The digest of the tar at `path`; throws when it is not a tar. */
export async function tarSummary(path: string): Promise<TarSummary> {
  const file = await open(path, 'r')
  try {
    const { size: fileSize } = await file.stat()
    let position = 0
    const read = async (length: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(length)
      const { bytesRead } = await file.read(buffer, 0, length, position)
      if (bytesRead !== length)
        throw new Error(`the tar ends inside an entry (at byte ${position})`)
      position += length
      return buffer
    }
    const lines: [string, string][] = []
    let contentBytes = 0
    let longName: string | undefined
    let longLink: string | undefined
    let pax = new Map<string, string>()
    for (;;) {
      // The end: two zero blocks, or (leniently) the end of the file at a header's place.
      if (position === fileSize) break
      const block = await read(BLOCK)
      if (block.every((b) => b === 0)) break
      if (!checksumOk(block))
        throw new Error(`not a tar: bad header checksum at byte ${position - BLOCK}`)
      const type = String.fromCharCode(block[156]!) || '0'
      const size = Number(pax.get('size') ?? numberField(block, 124, 12))
      const padded = Math.ceil(size / BLOCK) * BLOCK
      if (type === 'L' || type === 'K' || type === 'x' || type === 'g') {
        const data = (await read(padded)).subarray(0, size)
        if (type === 'L') longName = data.toString('utf8').replace(/\0+$/, '')
        else if (type === 'K') longLink = data.toString('utf8').replace(/\0+$/, '')
        else if (type === 'x') pax = paxRecords(data)
        continue
      }
      const ustar = block.subarray(257, 262).toString('latin1') === 'ustar'
      const prefix = ustar ? textField(block, 345, 155) : ''
      const name =
        pax.get('path') ?? longName ?? (prefix ? `${prefix}/` : '') + textField(block, 0, 100)
      const link = pax.get('linkpath') ?? longLink ?? textField(block, 157, 100)
      const content = createHash('sha256')
      // Only regular files (and contiguous ones) carry content; others' size is 0 or ignored.
      const hasContent = type === '0' || type === '7' || type === '\0'
      if (hasContent) {
        for (let left = size; left > 0;) {
          const chunk = await read(Math.min(CHUNK, left))
          content.update(chunk)
          left -= chunk.length
        }
        await read(padded - size)
        contentBytes += size
      } else {
        await read(padded)
      }
      const normal = name.replace(/^(\.\/)+/, '').replace(/\/+$/, '') || '.'
      const fields = entryFields(block, {
        type,
        normal,
        link,
        pax,
        size: hasContent ? size : undefined,
        content: hasContent ? content.digest('hex') : '',
      })
      lines.push([normal, fields])
      longName = undefined
      longLink = undefined
      pax = new Map()
    }
    lines.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    const digest = createHash('sha256')
    for (const [, line] of lines) digest.update(`${line}\n`)
    return { digest: `sha256:${digest.digest('hex')}`, entries: lines.length, contentBytes }
  } finally {
    await file.close()
  }
}

/**
 * One entry's line in the digest: what `tar` restores of it (type, name, mode, owner, size, link,
 * device numbers, content), and not its times.
 */
function entryFields(
  block: Buffer,
  e: {
    type: string
    normal: string
    link: string
    pax: ReadonlyMap<string, string>
    /** Regular files' size; undefined for entries without content. */
    size: number | undefined
    content: string
  },
): string {
  return [
    e.type === '\0' ? '0' : e.type,
    e.normal,
    (numberField(block, 100, 8) & 0o7777).toString(8),
    e.pax.get('uid') ?? String(numberField(block, 108, 8)),
    e.pax.get('gid') ?? String(numberField(block, 116, 8)),
    e.size === undefined ? '' : String(e.size),
    e.link,
    e.type === '3' || e.type === '4'
      ? `${numberField(block, 329, 8)}:${numberField(block, 337, 8)}`
      : '',
    e.content,
  ].join('\0')
}
