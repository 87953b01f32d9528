/**
 * What a failed REST call means, for every user of GitHub's REST API here (cache pruning, registry
 * pruning, the steps): a rate limit, a refused permission, and one line that says why without the
 * request's headers (which carry the token).
 */
import { RequestError } from '@octokit/request-error'

/** A rate limit that outlasted our retries: a 429, or a 403 that says "rate limit". */
export function isRateLimited(error: unknown): boolean {
  if (!(error instanceof RequestError)) return false
  return error.status === 429 || (error.status === 403 && /rate limit/i.test(error.message))
}

/**
 * The token may not do this: a 403 that is not a rate limit. For cache deletes it means the
 * workflow lacks `permissions: actions: write` ("Resource not accessible by integration").
 */
export function isPermissionDenied(error: unknown): boolean {
  return error instanceof RequestError && error.status === 403 && !isRateLimited(error)
}

/** Why a REST call failed, without the request's headers (which carry the token). */
export function describeError(error: unknown): string {
  if (error instanceof RequestError) return `HTTP ${error.status}: ${error.message}`
  if (error instanceof Error) return error.message
  return String(error)
}
