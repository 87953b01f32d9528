/**
 * The builder-prune knobs, validated once and rendered for whichever tool runs the prune. Pure.
 *
 * Both tools end in BuildKit's `PruneRequest`; they spell it differently:
 * - buildctl: `--keep-storage <MB>` (max used space), `--keep-duration <go duration>`, `--filter <f>`
 *   where several `--filter` flags are OR-ed and commas inside one are AND-ed (containerd filters
 *   `ParseAll`); buildctl does not split flag values on commas.
 * - docker buildx: `--keep-storage <bytes>` (kept for old buildx; newer ones call it `--reserved-space`,
 *   and with no other space knob BuildKit prunes down to it either way), `--filter until=<duration>` for the keep duration, and `--filter key=value`,
 *   AND-ed, which buildx turns back into `key==value`.
 */
import { Input } from '../constants.js'
import type { BuilderSettings } from '../inputs.js'
import { goDuration } from './tool-units.js'

/** Record fields BuildKit's prune filter can match with a value. */
const FILTER_FIELDS = ['id', 'parents', 'description', 'type'] as const

export interface PruneFilter {
  field: (typeof FILTER_FIELDS)[number]
  operator: '==' | '!=' | '~='
  value: string
}

export interface PruneOptions {
  /** Prune until the cache is at most this many bytes. */
  keepStorageBytes?: number
  /** Keep records used within this many milliseconds. */
  keepDurationMs?: number
  /** All must match for a record to be pruned. */
  filters: PruneFilter[]
}

/** The part of the builder settings (`src/inputs.ts`) that prune uses. */
export type BuilderPruneSettings = Pick<
  BuilderSettings,
  'keepStorageBytes' | 'keepDurationMs' | 'filters'
>

/** Checks the filters (the sizes and durations come parsed) and returns what the tools are told. */
export function pruneOptions(settings: BuilderPruneSettings): PruneOptions {
  return {
    ...(settings.keepStorageBytes !== undefined
      ? { keepStorageBytes: settings.keepStorageBytes }
      : {}),
    ...(settings.keepDurationMs !== undefined ? { keepDurationMs: settings.keepDurationMs } : {}),
    filters: settings.filters
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map(parseFilter),
  }
}

function parseFilter(text: string): PruneFilter {
  const match = /^([a-z]+)(==|!=|~=)(.+)$/.exec(text)
  const field = match?.[1] as PruneFilter['field'] | undefined
  if (text.startsWith('until=') || text.startsWith('unused-for=')) {
    throw new Error(
      `Input "${Input.BuilderPruneFilter}" has "${text}": set the age with "${Input.BuilderKeepDuration}" instead.`,
    )
  }
  if (!match || !field || !FILTER_FIELDS.includes(field)) {
    throw new Error(
      `Input "${Input.BuilderPruneFilter}" has "${text}": expected one filter per line as <field><op><value>, ` +
        `field one of ${FILTER_FIELDS.join(', ')}, op one of ==, !=, ~= (for example type==regular).`,
    )
  }
  if (/[,"']/.test(match[3])) {
    throw new Error(
      `Input "${Input.BuilderPruneFilter}" has "${text}": values cannot contain commas or quotes.`,
    )
  }
  return { field, operator: match[2] as PruneFilter['operator'], value: match[3] }
}

/** `buildctl prune` arguments, JSON output. */
export function buildctlPruneArgs(options: PruneOptions): string[] {
  const args = ['prune', '--format', '{{json .}}']
  if (options.keepStorageBytes !== undefined)
    args.push('--keep-storage', String(options.keepStorageBytes / 1e6))
  if (options.keepDurationMs !== undefined)
    args.push('--keep-duration', goDuration(options.keepDurationMs))
  if (options.filters.length > 0) {
    args.push('--filter', options.filters.map((f) => `${f.field}${f.operator}${f.value}`).join(','))
  }
  return args
}

/** `docker buildx prune` arguments; buildx has no JSON output for prune, so verbose blocks. */
export function buildxPruneArgs(options: PruneOptions): string[] {
  const args = ['buildx', 'prune', '--force', '--verbose']
  if (options.keepStorageBytes !== undefined)
    args.push('--keep-storage', String(options.keepStorageBytes))
  if (options.keepDurationMs !== undefined)
    args.push('--filter', `until=${goDuration(options.keepDurationMs)}`)
  for (const f of options.filters) {
    // buildx rebuilds `key==value` from `key=value`, and `key!=`/`key~=` from a key ending in `!`/`~`.
    const op = f.operator === '==' ? '=' : f.operator
    args.push('--filter', `${f.field}${op}${f.value}`)
  }
  return args
}
