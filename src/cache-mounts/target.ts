/**
 * Which builder the throwaway builds run on: the one the user's build reaches. Pure but for the
 * tool check it is handed.
 */
import type { BuilderTool } from '../builder/maintenance.js'
import type { BuilderTarget } from './commands.js'

/**
 * `builder` as given: an address (`scheme://…`) means buildctl with `--addr`, anything else a
 * buildx builder's name. Not given: buildctl when BUILDKIT_HOST is set (buildctl reads it), else
 * whichever tool is there (buildctl first, as builder-usage does), buildx on its current builder.
 * Undefined when no tool is there.
 */
export async function builderTarget(
  builder: string | undefined,
  buildkitHost: string | undefined,
  detect: () => Promise<BuilderTool | undefined>,
): Promise<BuilderTarget | undefined> {
  if (builder !== undefined) {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(builder)
      ? { client: 'buildctl', addr: builder }
      : { client: 'buildx', builder }
  }
  if (buildkitHost) return { client: 'buildctl' }
  const tool = await detect()
  return tool === undefined ? undefined : { client: tool }
}

/** The target in words, for the log. */
export function describeTarget(target: BuilderTarget): string {
  if (target.client === 'buildctl')
    return target.addr
      ? `buildctl --addr ${target.addr}`
      : 'buildctl (BUILDKIT_HOST or its default)'
  return target.builder
    ? `docker buildx, builder ${target.builder}`
    : 'docker buildx, current builder'
}
