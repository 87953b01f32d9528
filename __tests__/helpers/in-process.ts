/**
 * For tests that run action code in this process: captures stdout, where @actions/core writes its
 * commands and log, and puts process.env and process.exitCode back after each test.
 */
import { afterEach, beforeEach, jest } from '@jest/globals'

export function useActionProcess(): { stdout: () => string } {
  const saved = { ...process.env }
  let chunks: string[] = []
  beforeEach(() => {
    chunks = []
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      chunks.push(String(chunk))
      return true
    })
  })
  afterEach(() => {
    jest.restoreAllMocks()
    process.env = { ...saved }
    process.exitCode = undefined
  })
  return { stdout: () => chunks.join('') }
}
