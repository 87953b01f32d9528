import { BlockBlobClient } from '@azure/storage-blob'
import type { RunningCacheService } from '../../../dev/cache-service/index.js'

export const TWIRP = 'twirp/github.actions.results.api.v1.CacheService/'
export const V1_ACCEPT = 'application/json;api-version=6.0-preview.1'

export interface Reply {
  status: number
  headers: Headers
  text: string
  json: unknown
}

export async function call(
  svc: RunningCacheService,
  path: string,
  init: RequestInit = {},
): Promise<Reply> {
  const res = await fetch(new URL(path, svc.url), init)
  const text = await res.text()
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

/** One Twirp call with a JSON body (a string body is sent as it is). */
export function twirp(
  svc: RunningCacheService,
  method: string,
  body: unknown,
  token: string | undefined,
): Promise<Reply> {
  return call(svc, TWIRP + method, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** Create, upload through the Azure SDK, finalize: what a v2 client does to save. */
export async function saveV2(
  svc: RunningCacheService,
  token: string,
  key: string,
  version: string,
  data: Buffer,
  o: { blockSize?: number; declaredSize?: number } = {},
): Promise<Reply> {
  const created = await twirp(svc, 'CreateCacheEntry', { key, version }, token)
  const url = (created.json as { signed_upload_url?: string }).signed_upload_url
  if (!url) return created
  await new BlockBlobClient(url).uploadData(data, {
    blockSize: o.blockSize ?? 4 * 1024 * 1024,
    maxSingleShotSize: o.blockSize ? o.blockSize - 1 : undefined,
  })
  return finalizeV2(svc, token, key, version, o.declaredSize ?? data.length)
}

export function finalizeV2(
  svc: RunningCacheService,
  token: string,
  key: string,
  version: string,
  size: number,
): Promise<Reply> {
  return twirp(svc, 'FinalizeCacheEntryUpload', { key, version, size_bytes: String(size) }, token)
}

export async function lookupV2(
  svc: RunningCacheService,
  token: string,
  key: string,
  version: string,
  restoreKeys: string[] = [],
): Promise<{ ok: boolean; matched_key?: string; signed_download_url?: string }> {
  const reply = await twirp(
    svc,
    'GetCacheEntryDownloadURL',
    { key, restore_keys: restoreKeys, version },
    token,
  )
  if (reply.status !== 200) throw new Error(`lookup failed: ${reply.status} ${reply.text}`)
  return reply.json as { ok: boolean; matched_key?: string; signed_download_url?: string }
}
