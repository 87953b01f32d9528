/**
 * The directories one `type=local` scope uses. BuildKit imports from `path` and exports into a fresh
 * `<path>-new`; the post step swaps the new layout in, so blobs the new cache no longer references
 * leave with the old directory instead of piling up (BuildKit's local exporter never deletes a blob,
 * see the recorded `tree-after-two-exports.txt`). Pure.
 */
import { isAbsolute, normalize } from 'node:path'

export interface LocalPaths {
  /** The cache BuildKit imports (`cache-from: type=local,src=…`), restored from and saved to the Actions cache. */
  path: string
  /** Where BuildKit exports the next generation (`cache-to: type=local,dest=…`). */
  export: string
  /** Where the previous generation waits while a swap or restore is in progress. */
  previous: string
  /**
   * `path` as `@actions/cache` must be given it: that library treats paths as glob patterns and
   * derives the entry's version from the pattern strings, so save and restore must pass this exact
   * string (@actions/cache 6.3.0 hashes the pattern strings into the version).
   */
  cachePattern: string
}

/**
 * Where BuildKit exports a local cache: a fresh directory beside the restored one, so the old
 * blobs do not pile up; the post step swaps it in (docker/build-push-action#252's "Move cache").
 */
export function localExportDir(path: string): string {
  return `${path}-new`
}

/** A directory a job needs, by the variable that names it: `type=local` may not replace it. */
export interface ProtectedDir {
  name: string
  dir: string
}

/**
 * Whether `path` is `dir` or one of its parents. The post step replaces `path` with the cache and
 * the next job's main step clears it: the checkout, HOME, RUNNER_TEMP or the tool cache would go.
 */
function covers(path: string, dir: string): boolean {
  const inner = normalize(dir).replace(/(.)[\\/]+$/, '$1')
  return inner === path || inner.startsWith(path.endsWith('/') ? path : `${path}/`)
}

export function localPaths(path: string, protectedDirs: readonly ProtectedDir[] = []): LocalPaths {
  if (!isAbsolute(path)) {
    throw new Error(
      `Input "path" is "${path}": type=local needs an absolute directory (the default is under RUNNER_TEMP).`,
    )
  }
  const clean = normalize(path).replace(/(.)[\\/]+$/, '$1')
  if (clean === '/' || /^[A-Za-z]:\\?$/.test(clean)) {
    throw new Error(
      `Input "path" is "${path}": a file-system root cannot hold the cache, name a directory under it.`,
    )
  }
  if (clean.includes('\n'))
    throw new Error('Input "path" contains a line break: name one directory.')
  for (const { name, dir } of protectedDirs) {
    if (!dir || !isAbsolute(dir) || !covers(clean, dir)) continue
    throw new Error(
      `Input "path" is "${path}", which ${normalize(dir) === clean ? 'is' : 'contains'} ${name} (${dir}): the post step replaces the directory with the cache, and the next job's restore would delete what is there. Accepted: a directory of its own, such as one under RUNNER_TEMP (the default).`,
    )
  }
  return {
    path: clean,
    export: localExportDir(clean),
    previous: `${clean}-old`,
    cachePattern: globEscape(clean),
  }
}

/**
 * Escapes the characters @actions/glob would read as a pattern, the way its own `Pattern.globEscape`
 * does, so a scope named `a*b` names one directory.
 */
export function globEscape(path: string): string {
  return (process.platform === 'win32' ? path : path.replace(/\\/g, '\\\\'))
    .replace(/\[(?=[^/]+\])/g, '[[]')
    .replace(/\?/g, '[?]')
    .replace(/\*/g, '[*]')
}
