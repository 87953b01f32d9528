/**
 * The workflow's event payload (`GITHUB_EVENT_PATH`) and what the action reads from it. Read once
 * by the orchestrators; the readers below are pure.
 */
import { readFileSync } from 'node:fs'
import { Env } from './constants.js'
import type { Environment } from './runtime.js'

/** The event payload, or undefined when there is none to read (outside Actions, unreadable). */
export function readEvent(env: Environment): unknown {
  const path = env[Env.EventPath]
  if (!path) return undefined
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return undefined
  }
}

/** `repository.default_branch` of the payload, which most events carry. */
export function defaultBranchOf(event: unknown): string | undefined {
  const branch = (event as { repository?: { default_branch?: unknown } } | undefined)?.repository
    ?.default_branch
  return typeof branch === 'string' && branch ? branch : undefined
}
