import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type {Output} from '../types.ts'

/**
 * Write `data` to `outDir/name` atomically: a temporary file in the same folder, then a rename,
 * so a crash or Ctrl-C never leaves a half-written output and a failure keeps the old one.
 */
export async function writeOutput(outDir: string, name: string, data: Uint8Array | string): Promise<Output> {
  const target = path.join(outDir, name)
  const temporary = `${target}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  try {
    await fs.writeFile(temporary, bytes)
    await fs.rename(temporary, target)
  } catch (error) {
    await fs.rm(temporary, {force: true})
    throw new Error(`Cannot write ${target}: ${(error as Error).message}`, {cause: error})
  }
  return {
    path: name.split(path.sep).join('/'),
    bytes: bytes.byteLength,
    sha256: crypto.createHash('sha256').update(bytes).digest('hex')
  }
}
