import {spawnSync} from 'node:child_process'
import path from 'node:path'

const validator = path.resolve(import.meta.dirname, 'bagit/validate.py')

/**
 * Validate a bag with the Library of Congress bagit-python (its release 1.9.0, carried in
 * test/helpers/bagit/): completeness, every payload and tag checksum, Payload-Oxum. Needs python3.
 */
export function bagitValidate(bag: string): {valid: boolean; output: string} {
  const result = spawnSync('python3', [validator, '--validate', bag], {encoding: 'utf8'})
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('`python3` is not installed; the BagIt tests need it: apt-get install python3')
  }
  return {valid: result.status === 0, output: `${result.stdout}${result.stderr}`}
}
