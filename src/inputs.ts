/**
 * The only reader of action inputs: typed, validated settings for the main step, the post step
 * and the `prune` entry point. The parsers take an input reader, so they are tested without
 * the runner's environment; `read*Settings()` bind them to `getInput` (src/runner/workflow-commands.ts).
 *
 * Every error names the input, says what was wrong and what is accepted.
 */
import {
  DEFAULT_MOUNT_IMAGE,
  type MountsInput,
  readBuildArgs,
  readMountsInput,
} from './cache-mounts/input.js'
import * as runner from './runner/workflow-commands.js'
import { Input } from './constants.js'
import { renderedForms } from './cache-options/render.js'
import { maskSecret } from './runner/log.js'
import { DURATION_ACCEPTED, SIZE_ACCEPTED, parseDuration, parseSize } from './units.js'

import {
  InputError,
  InputReader,
  lines,
  parseBoolean,
  valueOf,
  withInput,
} from './inputs/reader.js'
import { CacheSettings, parseCacheSettings } from './inputs/cache.js'
import { oneLine } from './inputs/attributes.js'
import {
  PruneSettings,
  RegistryPruneSettings,
  parsePruneSettings,
  parseRegistryPruneSettings,
} from './inputs/prune.js'
export * from './inputs/reader.js'
export * from './inputs/cache.js'
export * from './inputs/attributes.js'
export * from './inputs/prune.js'

/** The builder's own cache (BuildKit's local store), reported or pruned in the post step. */
export interface BuilderSettings {
  readonly usage: boolean
  readonly prune: boolean
  /** `--keep-storage`: keep this many bytes. */
  readonly keepStorageBytes?: number
  /** `--keep-duration`: keep records used within this many ms. */
  readonly keepDurationMs?: number
  /** `--filter` expressions, one per line of the input. */
  readonly filters: readonly string[]
}

export function parseBuilderSettings(read: InputReader): BuilderSettings {
  const storage = read(Input.BuilderKeepStorage)
  const duration = read(Input.BuilderKeepDuration)
  return {
    usage: parseBoolean(read, Input.BuilderUsage),
    prune: parseBoolean(read, Input.BuilderPrune),
    ...(storage
      ? { keepStorageBytes: withInput(Input.BuilderKeepStorage, storage, parseSize, SIZE_ACCEPTED) }
      : {}),
    ...(duration
      ? {
          keepDurationMs: withInput(
            Input.BuilderKeepDuration,
            duration,
            parseDuration,
            DURATION_ACCEPTED,
          ),
        }
      : {}),
    filters: lines(read(Input.BuilderPruneFilter)),
  }
}

/** What `cache-mounts` and its companion inputs ask for. */
export interface MountSettings {
  readonly mounts: MountsInput
  /** The Dockerfile `auto` reads, as given (relative to the workspace). */
  readonly dockerfile: string
  /** A buildx builder's name, or a BuildKit address (`tcp://…`, `unix://…`); undefined: found. */
  readonly builder?: string
  readonly image: string
  readonly buildArgs: ReadonlyMap<string, string>
}

/** Image references are one word: registry/name[:tag][@digest]. */
const IMAGE_WORD = /^[a-z0-9][a-z0-9._\-/:@]*$/i

export function parseMountSettings(read: InputReader): MountSettings {
  const mounts = readMountsInput(read(Input.CacheMounts))
  const dockerfile = valueOf(read, Input.Dockerfile)
  oneLine(Input.Dockerfile, dockerfile)
  const builder = read(Input.Builder) || undefined
  if (builder !== undefined) {
    oneLine(Input.Builder, builder)
    if (/\s/.test(builder))
      throw new InputError(
        Input.Builder,
        'it holds a blank',
        "a buildx builder's name (steps.<id>.outputs.name of docker/setup-buildx-action) or a BuildKit address such as tcp://buildkitd:1234",
      )
  }
  const image = valueOf(read, Input.CacheMountImage)
  if (!IMAGE_WORD.test(image))
    throw new InputError(
      Input.CacheMountImage,
      'it is not an image reference',
      `an image with sh and tar, by tag or digest (default ${DEFAULT_MOUNT_IMAGE})`,
    )
  const buildArgs = readBuildArgs(read(Input.CacheMountBuildArgs))
  return { mounts, dockerfile, ...(builder ? { builder } : {}), image, buildArgs }
}

/** `runner.getInput` with surrounding white space trimmed (extra-attrs keeps its inner lines). */
const actionInput: InputReader = (name) => runner.getInput(name)

/** Cache settings from the action's inputs; credentials in attributes are masked. */
export function readCacheSettings(): CacheSettings {
  const settings = parseCacheSettings(actionInput)
  // Every form the outputs and the log print it in, each masked line by line too.
  maskSecret(...settings.secrets.flatMap(renderedForms))
  return settings
}

/** Pruning settings from the action's inputs; the GitHub token is masked. */
export function readPruneSettings(): PruneSettings {
  const settings = parsePruneSettings(actionInput)
  if (settings.githubToken) maskSecret(settings.githubToken)
  return settings
}

export function readRegistryPruneSettings(): RegistryPruneSettings | undefined {
  return parseRegistryPruneSettings(actionInput)
}

export function readMountSettings(): MountSettings {
  return parseMountSettings(actionInput)
}

export function readBuilderSettings(): BuilderSettings {
  return parseBuilderSettings(actionInput)
}
