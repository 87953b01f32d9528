/**
 * Cache service v1: the `_apis/artifactcache` REST API, the only one GHES speaks.
 */
import { errorFromResponse, isSuccess, type CacheServiceConnection } from './connection.js'
import type { TransportResponse } from './transport.js'

/** The API version header both @actions/cache and go-actions-cache send. */
export const V1_ACCEPT = 'application/json;api-version=6.0-preview.1'

/**
 * `<base>/_apis/artifactcache/<path>`. The base may or may not end in `/`: go-actions-cache trims
 * it since BuildKit v0.23.0 (moby/buildkit#6026), so we accept both.
 */
export function artifactCacheUrl(
  baseUrl: string,
  path: string,
  query?: Record<string, string>,
): string {
  const url = `${baseUrl.replace(/\/+$/, '')}/_apis/artifactcache/${path}`
  return query ? `${url}?${new URLSearchParams(query).toString()}` : url
}

export interface V1Request {
  method: string
  path: string
  query?: Record<string, string>
  json?: unknown
  body?: Uint8Array
  headers?: Record<string, string>
  label: string
}

/** Sends one v1 request; any non-2xx answer throws with the service's message. */
export async function callArtifactCache(
  connection: CacheServiceConnection,
  request: V1Request,
): Promise<TransportResponse> {
  const headers = connection.apiHeaders({ Accept: V1_ACCEPT, ...request.headers })
  let body: string | Uint8Array | undefined = request.body
  if (request.json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(request.json)
  }
  const response = await connection.transport.send({
    method: request.method,
    url: artifactCacheUrl(connection.url, request.path, request.query),
    headers,
    body,
    label: request.label,
  })
  if (!isSuccess(response.status)) throw errorFromResponse(request.label, response)
  return response
}
