/** src/runner/log-line.ts and src/runner/log.ts: no logged value starts a workflow command. */
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { neutralLine, neutralText, singleLine } from '../../src/runner/log-line.js'
import { log } from '../../src/runner/log.js'

/** Whether the runner would read a command in this output line: `::` at its start, `##[` anywhere. */
const startsCommand = (line: string) => line.startsWith('::') || line.includes('##[')

describe('singleLine', () => {
  it.each([
    ['type=gha,scope=web', 'type=gha,scope=web'],
    ['web\n::error::injected', 'web\\n::error::injected'],
    ['a\r\n::add-mask::x', 'a\\r\\n::add-mask::x'],
    ['"line\nbreak"', '"line\\nbreak"'],
    ['', ''],
    ['web ##[error]injected', 'web ##\\[error]injected'],
    ['::warning::x', '\\::warning::x'],
    ['a##[group]b##[endgroup]', 'a##\\[group]b##\\[endgroup]'],
    // ESC, bidi overrides and NUL from the listing reach the log as literal, escaped text.
    ['index-\u001b[2Jx', 'index-\\u{001B}[2Jx'],
    ['abc\u202Eexe.txt', 'abc\\u{202E}exe.txt'],
    ['a\u2066b\u2069', 'a\\u{2066}b\\u{2069}'],
    ['nul\u0000end\u007f', 'nul\\u{0000}end\\u{007F}'],
    ['tab\tstays', 'tab\tstays'],
  ])('%j → %j', (text, logged) => {
    expect(singleLine(text)).toBe(logged)
    expect(singleLine(text)).not.toMatch(/[\r\n]/)
    expect(startsCommand(singleLine(text))).toBe(false)
  })
})

describe('neutralLine / neutralText', () => {
  it('neutralises every line of a block, a lone CR ending one too', () => {
    const text = 'cache-from:\n::add-mask::x\r##[error]y\r\n  type=gha,scope=web'
    const lines = neutralText(text).split('\n')
    expect(lines).toEqual([
      'cache-from:',
      '\\::add-mask::x',
      '##\\[error]y',
      '  type=gha,scope=web',
    ])
    expect(lines.some(startsCommand)).toBe(false)
    expect(neutralLine('plain')).toBe('plain')
  })
})

describe('log', () => {
  afterEach(() => {
    jest.restoreAllMocks()
  })
  it('writes no line the runner reads as a command, whatever the value', () => {
    const out: string[] = []
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk))
      return true
    })
    const value = 'x\n::error::a\r##[warning]b'
    log.info(`scope ${value}`)
    log.warning(`bad ${value}`)
    log.group(`Local cache ${value}`)
    log.endGroup()
    const lines = out
      .join('')
      .split(/\r\n|\r|\n/)
      .filter(Boolean)
    // The commands @actions/core itself writes, and nothing else that the runner would read.
    const own = /^::(warning|group|endgroup)::/
    expect(lines.filter((line) => !own.test(line)).some(startsCommand)).toBe(false)
    expect(lines.filter((line) => own.test(line))).toHaveLength(3)
    expect(lines.every((line) => !line.includes('##['))).toBe(true)
  })
})
