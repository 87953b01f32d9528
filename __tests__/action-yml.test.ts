/**
 * action.yml, src/constants.ts, the defaults in src/inputs.ts and the README's tables describe the
 * same inputs and outputs. action.yml is read with a small reader for its own two-level layout.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Input, Output } from '../src/constants.js'
import { DEFAULTS } from '../src/inputs.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const actionYml = readFileSync(`${root}action.yml`, 'utf8')

/** `section:` → entry name → property → value (single-line properties; folded ones as given). */
function readSection(section: string): Record<string, Record<string, string>> {
  const lines = actionYml.split('\n')
  const start = lines.indexOf(`${section}:`)
  expect(start).toBeGreaterThanOrEqual(0)
  const entries: Record<string, Record<string, string>> = {}
  let current: Record<string, string> | undefined
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break
    const entry = /^ {2}([\w-]+):\s*$/.exec(line)
    const property = /^ {4}([\w-]+):\s*(.*)$/.exec(line)
    if (entry) entries[entry[1]] = current = {}
    else if (property && current) current[property[1]] = property[2].replace(/^'(.*)'$/, '$1')
  }
  return entries
}

const inputs = readSection('inputs')
const outputs = readSection('outputs')
const runs = readSection('runs')

describe('action.yml', () => {
  it('declares every input in constants.ts, and no other, each described', () => {
    expect(Object.keys(inputs).sort()).toEqual(Object.values(Input).sort())
    for (const [name, input] of Object.entries(inputs)) {
      expect({ name, description: Boolean(input.description) }).toEqual({ name, description: true })
      expect({ name, required: input.required }).toEqual({ name, required: 'false' })
    }
  })

  it('declares every output in constants.ts, and no other, each described', () => {
    expect(Object.keys(outputs).sort()).toEqual(Object.values(Output).sort())
    for (const [name, output] of Object.entries(outputs)) {
      expect({ name, description: Boolean(output.description) }).toEqual({
        name,
        description: true,
      })
    }
  })

  it('has the defaults the code applies', () => {
    const declared = Object.fromEntries(
      Object.entries(inputs).flatMap(([name, input]) =>
        'default' in input ? [[name, input.default]] : [],
      ),
    )
    expect(declared).toEqual({
      ...DEFAULTS,
      // Expressions the runner evaluates; the code's fallback is the empty string.
      'github-token': '${{ github.token }}',
      matrix: '${{ toJSON(matrix) }}',
    })
  })

  it('runs on node24 with a post step that decides from state', () => {
    const lines = actionYml.split('\n')
    const at = lines.indexOf('runs:')
    const body = lines.slice(at + 1).filter((line) => line.trim() !== '')
    expect(body).toEqual([
      '  using: node24',
      '  main: dist/main/index.js',
      '  post: dist/post/index.js',
      '  post-if: always()',
    ])
    expect(runs).toEqual({})
  })
})

describe('README', () => {
  const readme = readFileSync(`${root}README.md`, 'utf8')
  it.each(Object.values(Input))('documents input %s in its table', (name) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'))
  })
  it("names every input of prune/action.yml in the prune entry point's section", () => {
    const yml = readFileSync(`${root}prune/action.yml`, 'utf8')
    const inputs = yml.slice(yml.indexOf('\ninputs:'), yml.indexOf('\noutputs:'))
    const names = [...inputs.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]!)
    const start = readme.indexOf("### The `prune` entry point's inputs and outputs")
    const section = readme.slice(start, readme.indexOf('\n## ', start))
    expect(names.length).toBeGreaterThan(5)
    expect(names.filter((name) => !section.includes(`\`${name}\``))).toEqual([])
  })
  it.each(Object.values(Output))('documents output %s in its table', (name) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'))
  })
  it('puts first what a user wants: the result, one complete workflow, then the two commands in a section of their own, then the inputs', () => {
    const block = /```sh\n(npm ci && npm run demo[^\n]*)\n(npm test[^\n]*)\n```/.exec(readme)
    expect(block).not.toBeNull()
    const at = readme.indexOf(block![0])
    const section = readme.indexOf('## Try it on your machine')
    expect(readme.indexOf('[Benchmarks](#benchmarks)')).toBeLessThan(
      readme.indexOf('## Quick start'),
    )
    expect(readme.indexOf('uses: OWNER/buildkit-cache-action@v1')).toBeLessThan(section)
    expect(section).toBeGreaterThan(-1)
    expect(at).toBeGreaterThan(section)
    expect(at).toBeLessThan(readme.indexOf('## More ways to use it'))
    expect(at).toBeLessThan(readme.indexOf('## Inputs'))
    // Near the top: within the first hundred lines.
    expect(readme.slice(0, at).split('\n').length).toBeLessThan(100)
  })
})
