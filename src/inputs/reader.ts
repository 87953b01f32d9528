/**
 * Reading one input: its value or default, and the errors that name it.
 */
import { DEFAULT_MOUNT_IMAGE } from '../cache-mounts/input.js'
import { Input, type InputName } from '../constants.js'

/** Returns an input's value, trimmed, or '' when it is not set (as `runner.getInput` does). */
export type InputReader = (name: InputName) => string

/** A bad input: the step fails with this message. */
export class InputError extends Error {
  constructor(
    readonly input: InputName,
    problem: string,
    accepted?: string,
  ) {
    super(`Invalid input '${input}': ${problem}${accepted ? `. Accepted: ${accepted}` : ''}`)
    this.name = 'InputError'
  }
}

/**
 * Defaults the code applies when an input is empty; `action.yml` declares the same ones (a test
 * keeps them equal). Inputs whose default is an expression (`github-token`, `matrix`) or depends
 * on other inputs (`mode`, `scope`, `path`) are resolved in code.
 */
export const DEFAULTS = {
  [Input.Type]: 'gha',
  [Input.Export]: 'auto',
  [Input.ExposeRuntime]: 'true',
  [Input.BakeTarget]: '*',
  [Input.Prune]: 'true',
  // Empty: the limit GitHub reports for the repository, else DEFAULT_CACHE_LIMIT.
  [Input.CacheLimit]: '',
  [Input.PruneTarget]: '90%',
  [Input.PruneGrace]: '1h',
  // Empty: the retention GitHub reports for the repository, else its default 7 days.
  [Input.OrphanAge]: '',
  [Input.ProtectDefaultBranch]: 'true',
  [Input.DryRun]: 'false',
  [Input.Summary]: 'true',
  [Input.BuilderUsage]: 'false',
  [Input.BuilderPrune]: 'false',
  [Input.Dockerfile]: 'Dockerfile',
  [Input.CacheMountImage]: DEFAULT_MOUNT_IMAGE,
} as const satisfies Partial<Record<InputName, string>>

/** The input's value, or its default when empty. */
export function valueOf(read: InputReader, name: InputName): string {
  return read(name) || (DEFAULTS as Partial<Record<InputName, string>>)[name] || ''
}

export const BOOLEAN = /^(true|false)$/i

export function parseBoolean(read: InputReader, name: InputName): boolean {
  const text = valueOf(read, name)
  if (!BOOLEAN.test(text)) throw new InputError(name, `"${text}" is not a boolean`, 'true or false')
  return text.toLowerCase() === 'true'
}

export function withInput<T>(
  name: InputName,
  text: string,
  parse: (text: string) => T,
  accepted: string,
): T {
  try {
    return parse(text)
  } catch (error) {
    // The parsers end their messages in "; use <what is accepted>", which `accepted` replaces;
    // the value itself, quoted earlier in the message, may hold a ';'.
    throw new InputError(name, (error as Error).message.replace(/; use [^;]*$/, ''), accepted)
  }
}

export function oneOf<T extends string>(name: InputName, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw new InputError(name, `"${text}" is not supported`, allowed.join(', '))
  }
  return text as T
}

/** Lines of a multi-line input, trimmed, without blank lines and `#` comments. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
}
