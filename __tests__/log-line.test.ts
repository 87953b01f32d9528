/** src/log-line.ts: values logged with core.info stay on their line. */
import { describe, expect, it } from '@jest/globals'
import { singleLine } from '../src/log-line.js'

describe('singleLine', () => {
  it.each([
    ['type=gha,scope=web', 'type=gha,scope=web'],
    ['web\n::error::injected', 'web\\n::error::injected'],
    ['a\r\n::add-mask::x', 'a\\r\\n::add-mask::x'],
    ['"line\nbreak"', '"line\\nbreak"'],
    ['', ''],
  ])('%j → %j', (text, logged) => {
    expect(singleLine(text)).toBe(logged)
    expect(singleLine(text)).not.toMatch(/[\r\n]/)
  })
})
