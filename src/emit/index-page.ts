import type {DocumentRecord, Format} from '../types.ts'
import {bodyFamily, familyStack, fontFaceCss, selectFaces} from '../render/fonts.ts'
import {generator} from '../render/generator.ts'
import type {Templates} from '../render/templates.ts'

const formatLabels: Record<Format, string> = {html: 'HTML', pdf: 'PDF', epub: 'EPUB'}

/** `dist/index.html`: every document with a link to each of its outputs and their sizes. */
export function renderIndexPage(
  documents: readonly DocumentRecord[],
  templates: Templates,
  dataUri: (file: string, mime: string) => string
): string {
  const titles = documents.map((d) => d.title).join(' ')
  const faces = selectFaces(bodyFamily, `Documents ${titles} 0123456789 KMB()`).filter((f) => f.style === 'normal')
  const fontCss = [
    fontFaceCss(faces, (face) => ({href: dataUri(face.woff2, 'font/woff2'), format: 'woff2'})),
    `body { font-family: ${familyStack(faces, bodyFamily.generic)}; }`
  ].join('\n')
  return templates.render('index.html', {
    heading: 'Documents',
    generator,
    css: `${fontCss}\n${templates.read('index.css')}`,
    documents: documents.map((doc) => {
      const downloads = (['html', 'pdf', 'epub'] as const)
        .filter((format) => doc.outputs[format])
        .map((format) => ({
          href: encodeURI(doc.outputs[format]!.path),
          label: formatLabels[format],
          size: formatBytes(doc.outputs[format]!.bytes),
          download: format !== 'html'
        }))
      return {...doc, downloads, primary: downloads[0]?.href ?? '#'}
    })
  })
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
