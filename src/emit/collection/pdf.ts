import type {Options} from '../../config/options.ts'
import type {PrintAssets} from '../../render/print-assets.ts'
import type {Templates} from '../../render/templates.ts'
import type {BrowserSession} from '../browser-session.ts'
import type {Book} from './book.ts'

export interface CollectionPrintContext {
  templates: Templates
  assets: PrintAssets
  browser: BrowserSession
  options: Options
  signal?: AbortSignal
}

export async function renderCollectionPdf(_book: Book, _context: CollectionPrintContext): Promise<{pdf: Uint8Array; pages: number}> {
  throw new Error('not yet')
}
