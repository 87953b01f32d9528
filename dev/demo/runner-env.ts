/**
 * A runner-like environment for running a built action step outside GitHub: `INPUT_*` variables and
 * the `GITHUB_ENV`, `GITHUB_OUTPUT`, `GITHUB_STATE`, `GITHUB_PATH` and `GITHUB_STEP_SUMMARY` files the
 * runner gives every step, plus a reader for what the step wrote to them. Files use the runner's
 * heredoc format (`name<<delimiter`), which @actions/core writes.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'

export interface RunnerFiles {
  dir: string
  env: string
  output: string
  state: string
  path: string
  summary: string
}

/** Creates empty command files for one step under `dir`. */
export function createStepFiles(dir: string): RunnerFiles {
  mkdirSync(dir, { recursive: true })
  const files: RunnerFiles = {
    dir,
    env: join(dir, 'env'),
    output: join(dir, 'output'),
    state: join(dir, 'state'),
    path: join(dir, 'path'),
    summary: join(dir, 'summary.md'),
  }
  for (const file of [files.env, files.output, files.state, files.path, files.summary])
    writeFileSync(file, '')
  return files
}

/** `INPUT_<NAME>` as the runner names inputs: upper case, spaces to underscores, dashes kept. */
export function inputVariables(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
      value,
    ]),
  )
}

/** The environment one step sees: the job's, its inputs, its command files; `STATE_*` from earlier steps of the same action. */
export function stepEnvironment(
  job: Record<string, string>,
  inputs: Record<string, string>,
  files: RunnerFiles,
  state: Record<string, string> = {},
): Record<string, string> {
  return {
    ...job,
    ...inputVariables(inputs),
    ...Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value])),
    GITHUB_ENV: files.env,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_PATH: files.path,
    GITHUB_STEP_SUMMARY: files.summary,
  }
}

/**
 * Parses a command file: `name=value` lines and `name<<DELIM` … `DELIM` blocks, later values win
 * (the runner's FileCommandManager semantics).
 */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const body: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i])
      if (i >= lines.length) throw new Error(`command file: ${name} has no closing ${delimiter}`)
      values[name] = body.join('\n')
      continue
    }
    const eq = line.indexOf('=')
    if (eq <= 0) throw new Error(`command file: cannot read line ${JSON.stringify(line)}`)
    values[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return values
}

export interface StepResult {
  outputs: Record<string, string>
  state: Record<string, string>
  exportedEnv: Record<string, string>
  summary: string
}

export function readStepFiles(files: RunnerFiles): StepResult {
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '')
  return {
    outputs: parseCommandFile(read(files.output)),
    state: parseCommandFile(read(files.state)),
    exportedEnv: parseCommandFile(read(files.env)),
    summary: read(files.summary),
  }
}

/**
 * A pull request's merge and close: the service's record of it, and the `pull_request: closed`
 * event payload in `dir/event.json` that a `prune` step reads; returns the payload's path.
 */
export function closePullRequest(
  service: {
    repository: string
    setPullRequest(
      n: number,
      pr: { state: 'closed'; base: string; head: string; merged: boolean },
    ): void
  },
  number: number,
  head: string,
  dir: string,
): string {
  service.setPullRequest(number, { state: 'closed', base: 'main', head, merged: true })
  mkdirSync(dir, { recursive: true })
  const event = join(dir, 'event.json')
  writeFileSync(
    event,
    JSON.stringify({
      action: 'closed',
      number,
      repository: { default_branch: 'main', full_name: service.repository },
      pull_request: {
        number,
        state: 'closed',
        merged: true,
        base: { ref: 'main' },
        head: { ref: head },
      },
    }),
  )
  return event
}
