/**
 * Cache service v2: Twirp JSON over POST. Field names are proto snake_case and int64 values are
 * decimal strings (protobuf-ts `toJson({useProtoFieldName: true})`, as @actions/cache sends them);
 * answers are read tolerantly (snake or camel case), as protobuf-ts's `fromJson` does.
 */
import { CacheServiceError } from './errors.js'
import { errorFromResponse, isSuccess, type CacheServiceConnection } from './connection.js'

const SERVICE = 'github.actions.results.api.v1.CacheService'

/**
 * The RPC URL. Like @actions/cache (`new URL('/twirp/…', base)`), any path in ACTIONS_RESULTS_URL is
 * dropped; github.com's URL has none.
 */
export function twirpUrl(baseUrl: string, method: string): string {
  return new URL(`/twirp/${SERVICE}/${method}`, baseUrl).toString()
}

/** Calls one RPC and returns its JSON answer; a non-2xx answer or an unreadable body throws. */
export async function callTwirp(
  connection: CacheServiceConnection,
  method: string,
  request: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const response = await connection.transport.send({
    method: 'POST',
    url: twirpUrl(connection.url, method),
    headers: connection.apiHeaders({ 'Content-Type': 'application/json' }),
    body: JSON.stringify(request),
    label: method,
  })
  if (!isSuccess(response.status)) throw errorFromResponse(method, response)
  try {
    const parsed: unknown = JSON.parse(response.body.toString('utf8'))
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>
  } catch {
    // reported below
  }
  throw new CacheServiceError(
    `${method} failed: HTTP ${response.status} with a body that is not a JSON object`,
    response.status,
    response.attempts,
  )
}

/** Reads a response field by its proto name or its JSON (camelCase) name. */
export function field(message: Record<string, unknown>, protoName: string): unknown {
  if (protoName in message) return message[protoName]
  const camel = protoName.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
  return message[camel]
}
