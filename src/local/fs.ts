/**
 * The file-system operations `type=local` needs, behind an interface so the restore and save logic
 * can be driven against a real directory in tests and benchmarks without reaching for globals.
 */
import { promises as fsp } from 'node:fs'

export interface LocalFs {
  /** The file's bytes, or undefined when it does not exist (or is not a regular file). */
  readFile(path: string): Promise<Buffer | undefined>
  /** The size of a regular file, or undefined when there is none at `path`. */
  fileSize(path: string): Promise<number | undefined>
  /** The names in a directory, or undefined when `path` is not a directory. */
  list(path: string): Promise<string[] | undefined>
  /** `rm -rf`: no error when nothing is there. */
  remove(path: string): Promise<void>
  /** Renames `from` to `to`; false when there is nothing at `from`. */
  move(from: string, to: string): Promise<boolean>
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR'
}

export const nodeFs: LocalFs = {
  async readFile(path) {
    try {
      return await fsp.readFile(path)
    } catch (error) {
      if (isMissing(error)) return undefined
      throw error
    }
  },
  async fileSize(path) {
    try {
      const stat = await fsp.stat(path)
      return stat.isFile() ? stat.size : undefined
    } catch (error) {
      if (isMissing(error)) return undefined
      throw error
    }
  },
  async list(path) {
    try {
      return await fsp.readdir(path)
    } catch (error) {
      if (isMissing(error)) return undefined
      throw error
    }
  },
  async remove(path) {
    await fsp.rm(path, { recursive: true, force: true })
  },
  async move(from, to) {
    try {
      await fsp.rename(from, to)
      return true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw error
    }
  },
}
