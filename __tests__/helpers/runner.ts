/**
 * Test helpers that stand in for the runner: runtime tokens shaped like GitHub's, and the
 * `GITHUB_OUTPUT` / `GITHUB_ENV` / `GITHUB_STATE` files a step writes.
 */
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { scratchDir } from './scratch.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** A JWT like the runner's: `ac` is a JSON string of scopes; Permission 1 read, 2 write. */
export function runtimeToken(scopes: Array<{ Scope: string; Permission: number }>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const now = Math.floor(Date.now() / 1000)
  return [
    part({ alg: 'HS256', typ: 'JWT' }),
    part({ ac: JSON.stringify(scopes), nbf: now - 60, exp: now + 3600, repository_id: '1' }),
    'c2lnbmF0dXJl',
  ].join('.')
}

/** The files a step writes to; fresh and empty. */
export function runnerFiles(): {
  dir: string
  output: string
  env: string
  state: string
  event: string
} {
  const dir = scratchDir('bkc-runner-')
  const files = {
    dir,
    output: join(dir, 'output'),
    env: join(dir, 'env'),
    state: join(dir, 'state'),
    event: join(dir, 'event.json'),
  }
  for (const file of [files.output, files.env, files.state]) writeFileSync(file, '')
  return files
}

/**
 * Reads a file in the runner's `name<<delimiter` format (what @actions/core writes to
 * GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STATE) into name → value.
 */
export function readCommandFile(path: string): Record<string, string> {
  const text = readFileSync(path, 'utf8')
  const values: Record<string, string> = {}
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const heredoc = /^([^<=]+)<<(.+)$/.exec(lines[index])
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const body: string[] = []
      for (index++; lines[index] !== delimiter; index++) {
        if (index >= lines.length) throw new Error(`unterminated value of ${name}`)
        body.push(lines[index])
      }
      values[name] = body.join('\n')
    } else if (lines[index].includes('=')) {
      const at = lines[index].indexOf('=')
      values[lines[index].slice(0, at)] = lines[index].slice(at + 1)
    }
  }
  return values
}

/** What a step run as a process left behind. */
export interface StepRun {
  status: number | null
  stdout: string
  outputs: Record<string, string>
  env: Record<string, string>
  state: Record<string, string>
  /** URLs of the modules the process loaded. */
  loaded: string[]
  /** The step's RUNNER_TEMP. */
  dir: string
}

/**
 * Runs a built entry point (`dist/main/index.js`) as the runner does: only the given environment,
 * inputs as INPUT_* variables, fresh GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE files, and an event
 * payload. Every module the process loads is recorded (helpers/import-log.mjs). Asynchronous, so
 * that a service in this process (the local cache service) can answer the step.
 */
export async function runStep(
  entry: string,
  inputs: Record<string, string>,
  env: Record<string, string>,
  event: object = { repository: { default_branch: 'main' } },
): Promise<StepRun> {
  const files = runnerFiles()
  const imports = join(files.dir, 'imports.log')
  writeFileSync(imports, '')
  writeFileSync(files.event, JSON.stringify(event))
  const child = spawn(
    process.execPath,
    ['--import', join(root, '__tests__/helpers/import-log.mjs'), join(root, entry)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        PATH: process.env.PATH,
        GITHUB_OUTPUT: files.output,
        GITHUB_ENV: files.env,
        GITHUB_STATE: files.state,
        GITHUB_EVENT_PATH: files.event,
        RUNNER_TEMP: files.dir,
        IMPORT_LOG: imports,
        ...env,
        ...Object.fromEntries(
          Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
        ),
      },
    },
  )
  let stdout = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', resolve)
  })
  return {
    status,
    stdout,
    outputs: readCommandFile(files.output),
    env: readCommandFile(files.env),
    state: readCommandFile(files.state),
    loaded: readFileSync(imports, 'utf8').split('\n').filter(Boolean),
    dir: files.dir,
  }
}
