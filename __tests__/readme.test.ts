/**
 * The README's examples, run: every `uses: OWNER/buildkit-cache-action@v1` step in its YAML is
 * read with its inputs and run through the main step (src/steps/main.ts, in process, the real
 * @actions/core), in a pull request whose repository owner has upper-case letters, as most
 * organisations' `${{ github.repository }}` does.
 */
import { readFileSync, rmSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parseRegistryPruneSettings } from '../src/inputs.js'
import { run } from '../src/steps/main.js'
import { useActionProcess } from './helpers/in-process.js'
import { readCommandFile, runnerFiles, runtimeToken } from './helpers/runner.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const action = useActionProcess()

/** Each step of this action (or of `prune`) in the README's yaml blocks, with its `with:` inputs. */
function examples(
  uses = /uses: OWNER\/buildkit-cache-action@v1\s*$/,
): { line: number; inputs: Record<string, string> }[] {
  const found: { line: number; inputs: Record<string, string> }[] = []
  const lines = readme.split('\n')
  let inYaml = false
  lines.forEach((text, i) => {
    if (/^```/.test(text)) inYaml = !inYaml && /^```yaml/.test(text)
    if (!inYaml || !uses.test(text)) return
    const indent = text.search(/\S/)
    const inputs: Record<string, string> = {}
    const next = lines[i + 1] ?? ''
    const flow = /^\s*with:\s*\{(.*)\}\s*(#.*)?$/.exec(next)
    if (flow) {
      for (const pair of flow[1].split(/,\s*(?=[\w-]+:)/)) {
        const [key, ...value] = pair.split(':')
        inputs[key.trim()] = value.join(':').trim()
      }
    } else if (/^\s*with:\s*$/.test(next)) {
      for (let j = i + 2; j < lines.length; j++) {
        const m = /^(\s*)([\w-]+):\s*(.*?)\s*(#.*)?$/.exec(lines[j])
        if (!m || m[1].length <= indent) break
        inputs[m[2]] = m[3]
        if (m[3] !== '|') continue
        // A block scalar: the lines indented deeper than its key.
        const block: string[] = []
        while (j + 1 < lines.length && lines[j + 1].search(/\S/) > m[1].length) {
          block.push(lines[++j].trim())
        }
        inputs[m[2]] = block.join('\n')
      }
    }
    found.push({ line: i + 1, inputs })
  })
  return found
}

const expand = (value: string) =>
  value.replace(/\$\{\{\s*github\.repository\s*\}\}/g, 'Octo-Org/Web-App')

describe("the README's examples", () => {
  const all = examples()
  it('are found', () => {
    expect(all.length).toBeGreaterThanOrEqual(6)
  })

  it.each(all.map((e) => [e.line, e.inputs] as const))(
    'README line %i runs through the main step: %j',
    async (_line, inputs) => {
      const files = runnerFiles()
      try {
        process.env = {
          PATH: process.env.PATH,
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
  const all = examples(/uses: OWNER\/buildkit-cache-action\/prune@v1\s*$/)
  it('include one for registry cache tags, whose inputs prune accepts', () => {
    const registry = all.filter((e) => e.inputs.type === 'registry')
    expect(registry).toHaveLength(1)
    const inputs = registry[0]!.inputs
    const settings = parseRegistryPruneSettings((name) => expand(inputs[name] ?? ''))
    expect(settings?.repositories.map((r) => r.name)).toEqual(['ghcr.io/octo-org/web-app/cache'])
    expect(settings?.scopes).toEqual(['build', 'web'])
  })
})
