/**
 * The runner's side of a JavaScript action: inputs from `INPUT_*`, outputs, state and exported
 * variables through the runner's files (`GITHUB_OUTPUT`, `GITHUB_STATE`, `GITHUB_ENV`, heredoc
 * entries with a random delimiter), masks and log lines as workflow commands on stdout, and the
 * job summary (`GITHUB_STEP_SUMMARY`). It writes exactly what @actions/core 3 writes for the same
 * calls (__tests__/runner/workflow-commands.test.ts runs both side by side); it exists so the steps do
 * not load @actions/core, whose OIDC client brings in an HTTP stack (undici) that no step uses
 * and whose loading cost more start-up than the main step's own work (docs/benchmarks.md §3).
 */
import { randomUUID } from 'node:crypto'
import { accessSync, appendFileSync, constants, existsSync } from 'node:fs'
import { EOL } from 'node:os'

const text = (value: unknown): string =>
  value === null || value === undefined
    ? ''
    : typeof value === 'string' || value instanceof String
      ? String(value)
      : JSON.stringify(value)

const escapeData = (value: unknown) =>
  text(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')

const escapeProperty = (value: unknown) =>
  escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')

/** `::name key=value,…::message` on stdout. */
function command(name: string, properties: Record<string, string>, message: unknown): void {
  const props = Object.entries(properties)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',')
  process.stdout.write(`::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`)
}

/** `name<<delimiter`, the value, the delimiter: one entry of a runner file. */
function keyValue(name: string, value: unknown): string {
  const delimiter = `ghadelimiter_${randomUUID()}`
  const converted = text(value)
  if (name.includes(delimiter))
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`)
  if (converted.includes(delimiter))
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`)
  return `${name}<<${delimiter}${EOL}${converted}${EOL}${delimiter}`
}

/** Appends to the runner file `GITHUB_<kind>`, or says why it cannot. */
function fileCommand(kind: 'OUTPUT' | 'STATE' | 'ENV', message: string): void {
  const path = process.env[`GITHUB_${kind}`]
  if (!path) throw new Error(`Unable to find environment variable for file command ${kind}`)
  if (!existsSync(path)) throw new Error(`Missing file at path: ${path}`)
  appendFileSync(path, `${message}${EOL}`, { encoding: 'utf8' })
}

/** An input's value, trimmed; '' when not set. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim()
}

export function setOutput(name: string, value: unknown): void {
  if (process.env.GITHUB_OUTPUT) return fileCommand('OUTPUT', keyValue(name, value))
  process.stdout.write(EOL)
  command('set-output', { name }, text(value))
}

export function saveState(name: string, value: unknown): void {
  if (process.env.GITHUB_STATE) return fileCommand('STATE', keyValue(name, value))
  command('save-state', { name }, text(value))
}

/** What the main step saved under `name`, as the runner hands it to the post step. */
export function getState(name: string): string {
  return process.env[`STATE_${name}`] || ''
}

/** Sets the variable for this process and every later step of the job. */
export function exportVariable(name: string, value: unknown): void {
  process.env[name] = text(value)
  if (process.env.GITHUB_ENV) return fileCommand('ENV', keyValue(name, value))
  command('set-env', { name }, text(value))
}

export function setSecret(secret: string): void {
  command('add-mask', {}, secret)
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function debug(message: string): void {
  command('debug', {}, message)
}

export function warning(message: string): void {
  command('warning', {}, message)
}

/** An error annotation, and the step fails when it exits. */
export function setFailed(message: string): void {
  process.exitCode = 1
  command('error', {}, message)
}

export function startGroup(name: string): void {
  command('group', {}, name)
}

export function endGroup(): void {
  command('endgroup', {}, '')
}

/**
 * Appends Markdown to the job summary. Synchronous file calls: loading node:fs/promises would cost
 * the main step a few milliseconds of start-up for a summary it rarely writes.
 */
export async function appendSummary(markdown: string): Promise<void> {
  const path = process.env.GITHUB_STEP_SUMMARY
  if (!path) {
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
    )
  }
  try {
    accessSync(path, constants.R_OK | constants.W_OK)
  } catch {
    throw new Error(
      `Unable to access summary file: '${path}'. Check if the file has correct read/write permissions.`,
    )
  }
  appendFileSync(path, markdown, { encoding: 'utf8' })
}
