import fs from 'node:fs'
import path from 'node:path'
import ejs from 'ejs'
import {defaults} from '../config/options.ts'

export type TemplateName =
  | 'print.html' | 'print.css' | 'web.html' | 'web.css' | 'epub.css' | 'title-block.html' | 'colophon.html' | 'collection-title.html'
  | 'index.html' | 'index.css' | 'cover.json' | 'epub/cover.xhtml.ejs' | 'epub/content.opf.ejs' | 'epub/toc.xhtml.ejs' | 'epub/toc.ncx.ejs' | 'epub/chapter.xhtml.ejs'

export interface Templates {
  /** The raw text of a template (CSS, or EJS handed on to epub-gen-memory). */
  read(name: TemplateName): string
  /** Render an EJS template with `data`; `<%= %>` escapes, `<%- %>` inserts markup. */
  render(name: TemplateName, data: Record<string, unknown>): string
}

/**
 * Templates from `dir`, each falling back to folio's own, so a publisher can restyle by
 * overriding one file. Read once per build.
 */
export function loadTemplates(dir: string): Templates {
  const cache = new Map<TemplateName, string>()
  const compiled = new Map<TemplateName, ejs.TemplateFunction>()
  function read(name: TemplateName): string {
    let text = cache.get(name)
    if (text === undefined) {
      const own = path.join(dir, name)
      const file = fs.existsSync(own) ? own : path.join(defaults.templates, name)
      try {
        text = fs.readFileSync(file, 'utf8')
      } catch (error) {
        throw new Error(`Cannot read template ${file}: check the --templates folder`, {cause: error})
      }
      cache.set(name, text)
    }
    return text
  }
  return {
    read,
    render(name, data) {
      let template = compiled.get(name)
      if (!template) {
        try {
          template = ejs.compile(read(name), {filename: path.join(dir, name)})
        } catch (error) {
          throw new Error(`Cannot compile template ${name} in ${dir}: ${(error as Error).message}`, {cause: error})
        }
        compiled.set(name, template)
      }
      return template(data)
    }
  }
}
