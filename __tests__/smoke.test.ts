import { describe, expect, it } from '@jest/globals'

describe('toolchain', () => {
  it('runs TypeScript ESM tests', async () => {
    const mod = await import('../src/steps/main.js')
    expect(typeof mod.run).toBe('function')
  })
})
