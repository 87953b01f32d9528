/**
 * The default scope: one per job, and one per matrix leg. Pure.
 *
 * BuildKit's own default scope is `buildkit` for every job, so two jobs that export overwrite each
 * other's index (moby/buildkit#2524). `GITHUB_JOB` tells jobs apart but is shared by the legs of a
 * matrix; the action sees the leg through its `matrix` input, whose default is
 * `${{ toJSON(matrix) }}`: action input defaults may use the github, strategy, matrix, job and
 * runner contexts (the runner's action schema, "input-default-context").
 */
import { shortHash } from './hash.js'

/** BuildKit's default scope, used when not even the job is known (outside Actions). */
export const BUILDKIT_DEFAULT_SCOPE = 'buildkit'

const READABLE_MAX = 40

/**
 * `build` for a job without a matrix; `build-linux-amd64-3fa4b1c2` for a leg whose matrix is
 * `{"platform":"linux/amd64"}`: the values for people, a hash of the whole matrix so that legs
 * never share a scope even when their values read alike. `matrix` is JSON (the input's default)
 * or any text that tells the legs apart.
 */
export function defaultScope(job: string | undefined, matrix: string | undefined): string {
  const base = job || BUILDKIT_DEFAULT_SCOPE
  const leg = matrixLeg(matrix)
  if (leg === undefined) return base
  const readable = leafValues(leg)
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, READABLE_MAX)
    .replace(/-+$/, '')
  const digest = shortHash(canonicalJson(leg))
  return [base, readable, digest].filter(Boolean).join('-')
}

/** The matrix as a value, or undefined for a job without one (`toJSON(matrix)` gives `null`). */
function matrixLeg(matrix: string | undefined): unknown {
  const text = matrix?.trim()
  if (!text) return undefined
  let leg: unknown
  try {
    leg = JSON.parse(text)
  } catch {
    return text
  }
  if (leg === null || (typeof leg === 'object' && Object.keys(leg).length === 0)) return undefined
  return leg
}

function leafValues(value: unknown): string[] {
  if (value === null || value === undefined) return []
  if (typeof value !== 'object') return [String(value)]
  return Object.values(value).flatMap(leafValues)
}

/** JSON with object keys sorted, so that a matrix reordered in the workflow keeps its scope. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`
}
