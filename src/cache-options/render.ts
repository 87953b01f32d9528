/**
 * Renderers: one cache plan in the forms the build tools take. Pure.
 *
 * Every form is read by go-csvvalue in the end (see csv.ts), but each tool adds its own layer:
 * - build-push-action reads `cache-from`/`cache-to` with csv-parse (`Util.getInputList(name,
 *   {ignoreComma: true})`) and re-joins each line's fields with
 *   `,`, which strips one level of quotes; so a line whose fields need quotes is quoted twice.
 * - bake-action reads `set` with csv-parse and `quote: false`:
 *   quotes pass through, but a line break always ends an entry.
 * - buildctl and buildx flags go through a shell: every argument is single-quoted.
 */
import { csvField, csvRecord } from './csv.js'
import type { CachePlan, CacheSpec } from './model.js'

/** The fields of one spec: `type=<type>`, then each `key=value`. */
function specFields(spec: CacheSpec): string[] {
  return [`type=${spec.type}`, ...spec.attrs.map(([key, value]) => `${key}=${value}`)]
}

/** One spec as buildx and buildctl parse it: `type=gha,scope=web,mode=max`. */
export function specCsv(spec: CacheSpec): string {
  return csvRecord(specFields(spec))
}

/**
 * Lines for build-push-action's `cache-from`/`cache-to`: each spec's CSV fields are encoded once
 * more, so that after csv-parse and the re-join buildx receives exactly `specCsv(spec)`. Without
 * any field that needs quotes both encodings are the same text.
 */
export function buildPushLines(specs: readonly CacheSpec[]): string {
  return specs.map((spec) => csvRecord(specFields(spec).map(csvField))).join('\n')
}

/** A POSIX shell word: single quotes, with `'` written as `'\''`. */
export function shellQuote(word: string): string {
  return `'${shellEscape(word)}'`
}

function shellEscape(text: string): string {
  return text.replace(/'/g, `'\\''`)
}

/**
 * Every form an attribute value takes in the rendered outputs and the log: as given, with its
 * quotes doubled once (buildctl, buildx and bake CSV) or twice (build-push lines), and the CSV
 * form inside a shell word. The runner masks exact strings only, so a credential holding a quote
 * must be masked in each of these forms, or its escaped copy would be printed in clear.
 */
export function renderedForms(value: string): string[] {
  const csv = value.replace(/"/g, '""')
  return [...new Set([value, csv, csv.replace(/"/g, '""'), shellEscape(csv)])]
}

function flags(importFlag: string, exportFlag: string, plan: CachePlan): string {
  return [
    ...plan.imports.map((spec) => `${importFlag} ${shellQuote(specCsv(spec))}`),
    ...plan.exports.map((spec) => `${exportFlag} ${shellQuote(specCsv(spec))}`),
  ].join(' ')
}

/** `--import-cache '…' --export-cache '…'` for `buildctl build`. */
export function buildctlArgs(plan: CachePlan): string {
  return flags('--import-cache', '--export-cache', plan)
}

/** `--cache-from '…' --cache-to '…'` for `docker buildx build`. */
export function buildxArgs(plan: CachePlan): string {
  return flags('--cache-from', '--cache-to', plan)
}

/** Bake `set` lines, or why there are none. */
export type BakeSet = { readonly lines: string } | { readonly unavailable: string }

/**
 * Lines for bake-action's `set`: `<target>.cache-from=<spec>`, one per import, then the export.
 * `=` replaces what the bake file says for those targets (bake's overrides).
 */
export function bakeSet(plan: CachePlan, target: string): BakeSet {
  const lines = [
    ...plan.imports.map((spec) => `${target}.cache-from=${specCsv(spec)}`),
    ...plan.exports.map((spec) => `${target}.cache-to=${specCsv(spec)}`),
  ]
  if (lines.some((line) => /[\r\n]/.test(line))) {
    return { unavailable: 'a cache attribute holds a line break, which bake-action cannot pass' }
  }
  return { lines: lines.join('\n') }
}
