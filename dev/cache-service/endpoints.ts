/**
 * Every endpoint the service answers, named as its clients name them: Twirp methods (v2),
 * @actions/cache's v1 functions, Azure Blob operations, and Octokit REST methods. Request
 * counts and fault rules use these names.
 */
export const ENDPOINTS = [
  'v2.CreateCacheEntry',
  'v2.FinalizeCacheEntryUpload',
  'v2.GetCacheEntryDownloadURL',
  'v1.getCacheEntry',
  'v1.listCaches',
  'v1.reserveCache',
  'v1.uploadChunk',
  'v1.commitCache',
  'blob.PutBlob',
  'blob.PutBlock',
  'blob.PutBlockList',
  'blob.GetBlob',
  'blob.GetBlobProperties',
  'blob.other',
  'rest.getActionsCacheList',
  'rest.deleteActionsCacheById',
  'rest.deleteActionsCacheByKey',
  'rest.getActionsCacheUsage',
  'rest.getActionsCacheStorageLimit',
  'rest.getActionsCacheRetentionLimit',
  'rest.repos.get',
  'rest.repos.getBranch',
  'rest.repos.listBranches',
  'rest.pulls.get',
  'rest.pulls.list',
  'rest.users.getByUsername',
  'rest.packages.getAllPackageVersions',
  'rest.packages.deletePackageVersion',
  'unknown',
] as const

export type Endpoint = (typeof ENDPOINTS)[number]

export type EndpointFamily = 'v2' | 'v1' | 'blob' | 'rest' | 'unknown'

export function familyOf(endpoint: Endpoint): EndpointFamily {
  const dot = endpoint.indexOf('.')
  return (dot < 0 ? endpoint : endpoint.slice(0, dot)) as EndpointFamily
}

export function isEndpoint(name: string): name is Endpoint {
  return (ENDPOINTS as readonly string[]).includes(name)
}
