/**
 * The README's examples, run: every `uses: OWNER/buildkit-cache-action@v1` step in its YAML is
 * read with its inputs and run through the main step (src/steps/main.ts, in process, the real
 * @actions/core), in a pull request whose repository owner has upper-case letters, as most
 * organisations' `${{ github.repository }}` does.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { describe, expect, it } from '@jest/globals'
import { parseRegistryPruneSettings } from '../src/inputs.js'
import { run } from '../src/steps/main.js'
import { useActionProcess } from './helpers/in-process.js'
import { readCommandFile, runnerFiles, runtimeToken } from './helpers/runner.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const action = useActionProcess()

/** The README's ```yaml blocks, each with the line it starts at. */
function yamlBlocks(): { line: number; text: string }[] {
  const blocks: { line: number; text: string }[] = []
  const lines = readme.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (!/^```yaml\s*$/.test(lines[i])) continue
    const start = i + 1
    while (i + 1 < lines.length && !/^```/.test(lines[i + 1])) i++
    blocks.push({ line: start + 1, text: lines.slice(start, i + 1).join('\n') })
    i++
  }
  return blocks
}

/** Every object in a parsed YAML value, depth first. */
function objectsIn(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(objectsIn)
  if (value === null || typeof value !== 'object') return []
  const object = value as Record<string, unknown>
  return [object, ...Object.values(object).flatMap(objectsIn)]
}

/**
 * Each step of this action (or of `prune`) in the README's yaml blocks, read by a YAML parser,
 * with its `with:` inputs as the runner passes them (strings).
 */
function examples(
  uses = /^OWNER\/buildkit-cache-action@v1$/,
): { line: number; inputs: Record<string, string> }[] {
  const found: { line: number; inputs: Record<string, string> }[] = []
  for (const block of yamlBlocks()) {
    let parsed: unknown
    try {
      parsed = parseYaml(block.text)
    } catch {
      continue // the block's own test names it
    }
    for (const step of objectsIn(parsed)) {
      if (typeof step.uses !== 'string' || !uses.test(step.uses)) continue
      const given = (step.with ?? {}) as Record<string, unknown>
      const inputs = Object.fromEntries(
        Object.entries(given).map(([key, value]) => [key, String(value).replace(/\n$/, '')]),
      )
      found.push({ line: block.line, inputs })
    }
  }
  return found
}

describe("the README's YAML", () => {
  it.each(yamlBlocks().map((b) => [b.line, b.text] as const))(
    'the block at line %i is YAML a parser reads',
    (_line, text) => {
      expect(() => parseYaml(text)).not.toThrow()
    },
  )
})

/** The expressions the examples use, as the runner would fill them in. */
const expand = (value: string) =>
  value
    .replace(/\$\{\{\s*github\.repository\s*\}\}/g, 'Octo-Org/Web-App')
    .replace(/\$\{\{\s*steps\.buildx\.outputs\.name\s*\}\}/g, 'builder-7f3a')

describe("the README's examples", () => {
  const all = examples()
  it('are found', () => {
    expect(all.length).toBeGreaterThanOrEqual(6)
  })

  it.each(all.map((e) => [e.line, e.inputs] as const))(
    'README line %i runs through the main step: %j',
    async (_line, inputs) => {
      const files = runnerFiles()
      // The checkout a cache-mounts example reads its Dockerfile from (one without cache mounts:
      // carrying them needs a builder and the cache service, which lifecycle tests have).
      writeFileSync(join(files.dir, 'Dockerfile'), 'FROM scratch\nRUN true\n')
      try {
        process.env = {
          PATH: process.env.PATH,
          GITHUB_WORKSPACE: files.dir,
          GITHUB_OUTPUT: files.output,
          GITHUB_ENV: files.env,
          GITHUB_STATE: files.state,
          RUNNER_TEMP: files.dir,
          GITHUB_JOB: 'build',
          GITHUB_REF: 'refs/pull/9/merge',
          GITHUB_BASE_REF: 'main',
          GITHUB_REPOSITORY: 'Octo-Org/Web-App',
          ACTIONS_RUNTIME_TOKEN: runtimeToken([
            { Scope: 'refs/pull/9/merge', Permission: 3 },
            { Scope: 'refs/heads/main', Permission: 1 },
          ]),
          ACTIONS_RESULTS_URL: 'https://results.example/',
          ACTIONS_CACHE_SERVICE_V2: 'True',
          ...Object.fromEntries(
            Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, expand(v)]),
          ),
        }
        await run()
        const outputs = readCommandFile(files.output)
        expect(process.exitCode).not.toBe(1)
        expect(outputs['cache-from']).toBeTruthy()
        expect(`${outputs['cache-from']}\n${outputs['cache-to']}`).not.toMatch(/Octo-Org|Web-App/)
        expect(action.stdout()).not.toContain('::error::')
      } finally {
        rmSync(files.dir, { recursive: true, force: true })
      }
    },
  )
})

describe("the README's prune examples", () => {
  const all = examples(/^OWNER\/buildkit-cache-action\/prune@v1$/)
  it('include one for registry cache tags, whose inputs prune accepts', () => {
    const registry = all.filter((e) => e.inputs.type === 'registry')
    expect(registry).toHaveLength(1)
    const inputs = registry[0]!.inputs
    const settings = parseRegistryPruneSettings((name) => expand(inputs[name] ?? ''))
    expect(settings?.repositories.map((r) => r.name)).toEqual(['ghcr.io/octo-org/web-app/cache'])
    expect(settings?.scopes).toEqual(['build', 'web'])
  })
})
