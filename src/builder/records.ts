/**
 * Parses what `buildctl` and `docker buildx` print about the builder's cache records. Pure.
 *
 * JSON where the tool offers it:
 * - `buildctl du --format '{{json .}}'`: one JSON array of BuildKit `client.UsageInfo`;
 * - `buildctl prune --format '{{json .}}'`: one `UsageInfo` object per line (the template is
 *   applied per record);
 * - `docker buildx du --format json` (buildx ≥ 0.28): one object per line whose keys are the
 *   formatter's method names and whose `Size` is a printed size.
 * Text where it does not: `docker buildx prune --verbose` and `docker buildx du --verbose` before 0.28
 * print `Key: value` blocks, the same shape as `buildctl du -v`.
 */
import { parsePrintedSize } from './tool-units.js'

/** One record of the builder's cache. */
export interface CacheRecord {
  id: string
  /** Bytes; rounded when the tool printed it for humans. */
  size: number
  /** Not in use by a running build, so prune may remove it. */
  reclaimable: boolean
  shared?: boolean
  mutable?: boolean
  /** `regular`, `source.local`, `exec.cachemount`, … */
  type?: string
  description?: string
  /** ISO-8601 when the tool printed a time; buildx prints "3 days ago" instead. */
  lastUsed?: string
}

export interface ParsedRecords {
  records: CacheRecord[]
  /** True when sizes came from printed text (4 significant digits at best), not from bytes. */
  approximate: boolean
}

/** `buildctl du --format '{{json .}}'`. */
export function parseBuildctlUsage(stdout: string): ParsedRecords {
  const doc = parseJson(stdout.trim() === '' ? '[]' : stdout, 'buildctl du')
  // A builder with nothing cached prints `null` (a nil Go slice).
  if (doc === null) return { records: [], approximate: false }
  if (!Array.isArray(doc))
    throw new Error(`buildctl du printed JSON that is not a list: ${excerpt(stdout)}`)
  return {
    records: doc.map((item, i) => usageInfo(item, `buildctl du record ${i}`)),
    approximate: false,
  }
}

/** `buildctl prune --format '{{json .}}'`: one object per line. */
export function parseBuildctlPrune(stdout: string): ParsedRecords {
  const records = lines(stdout).map((line, i) =>
    usageInfo(parseJson(line, 'buildctl prune'), `buildctl prune record ${i}`),
  )
  return { records, approximate: false }
}

/** `docker buildx du --format json`: one object per line, printed sizes. */
export function parseBuildxUsage(stdout: string): ParsedRecords {
  const records = lines(stdout).map((line, i) => {
    const where = `docker buildx du record ${i}`
    const r = object(parseJson(line, 'docker buildx du'), where)
    const size = typeof r.Size === 'string' ? parsePrintedSize(r.Size) : undefined
    if (typeof r.ID !== 'string' || size === undefined || typeof r.Reclaimable !== 'boolean') {
      throw new Error(`${where} lacks ID, Size or Reclaimable: ${excerpt(line)}`)
    }
    return clean({
      id: r.ID,
      size,
      reclaimable: r.Reclaimable,
      shared: bool(r.Shared),
      mutable: bool(r.Mutable),
      type: text(r.Type),
      description: text(r.Description),
    })
  })
  return { records, approximate: true }
}

/** `Key: value` blocks separated by blank lines (`buildctl du -v`, `docker buildx du|prune --verbose`). */
export function parseVerboseRecords(stdout: string): ParsedRecords {
  const records: CacheRecord[] = []
  for (const block of stdout.split(/\n\s*\n/)) {
    const fields = new Map<string, string>()
    for (const line of block.split('\n')) {
      const match = /^([A-Za-z][A-Za-z ]*):\s*(.*)$/.exec(line.trim())
      if (match) fields.set(match[1].toLowerCase(), match[2].trim())
    }
    const id = fields.get('id')
    if (id === undefined) continue // the closing "Reclaimable:/Total:" summary
    const size = parsePrintedSize(fields.get('size') ?? '')
    if (size === undefined)
      throw new Error(`The record ${id} has no readable Size: ${excerpt(block)}`)
    const lastUsed = fields.get('last used')
    records.push(
      clean({
        id,
        size,
        reclaimable: fields.get('reclaimable') !== 'false',
        shared: flag(fields.get('shared')),
        mutable: flag(fields.get('mutable')),
        type: fields.get('type') || undefined,
        description: fields.get('description') || undefined,
        lastUsed: lastUsed && !lastUsed.endsWith(' ago') ? goTimeToIso(lastUsed) : undefined,
      }),
    )
  }
  return { records, approximate: true }
}

function usageInfo(value: unknown, where: string): CacheRecord {
  const r = object(value, where)
  if (typeof r.id !== 'string' || typeof r.size !== 'number' || typeof r.inUse !== 'boolean') {
    throw new Error(`${where} lacks id, size or inUse: ${excerpt(JSON.stringify(value))}`)
  }
  return clean({
    id: r.id,
    size: Math.max(0, r.size),
    reclaimable: !r.inUse,
    shared: bool(r.shared),
    mutable: bool(r.mutable),
    type: text(r.recordType),
    description: text(r.description),
    lastUsed: isoTime(r.lastUsedAt),
  })
}

/** `2026-11-26 14:24:29.078408868 +0000 UTC` (Go's time.String) → ISO-8601, or undefined. */
function goTimeToIso(value: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d+))? ([+-]\d{2})(\d{2})/.exec(
    value,
  )
  if (!match) return undefined
  const millis = (match[3] ?? '').slice(0, 3).padEnd(3, '0')
  return isoTime(`${match[1]}T${match[2]}.${millis}${match[4]}:${match[5]}`)
}

/** Normalises an RFC 3339 time (Go prints nanoseconds) to `toISOString()` form. */
function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

function parseJson(text: string, tool: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new Error(`${tool} printed something that is not JSON: ${excerpt(text)}`)
  }
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${where} is not a JSON object: ${excerpt(JSON.stringify(value))}`)
  }
  return value as Record<string, unknown>
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
}

const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined)
const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)
const flag = (v: string | undefined) => (v === 'true' ? true : v === 'false' ? false : undefined)

/** Drops undefined fields so records compare and serialise cleanly. */
function clean(record: CacheRecord): CacheRecord {
  return Object.fromEntries(
    Object.entries(record).filter(([, v]) => v !== undefined),
  ) as unknown as CacheRecord
}

function excerpt(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim()
  return one.length > 120 ? `${one.slice(0, 120)}…` : one
}
