/**
 * The closed catalogue of folio's rule ids. Every `ruleId` used in `src/` must be listed here
 * (a test checks it). `error` fails the article; `warning` fails it only with `--strict`.
 */
export type Severity = 'error' | 'warning'

export const rules = {
  'article-empty': {severity: 'error', doc: 'The file has no content.'},
  'article-unreadable': {severity: 'error', doc: 'The file cannot be read or is not UTF-8.'},
  'frontmatter-yaml': {severity: 'error', doc: 'The front matter is not valid YAML.'},
  'frontmatter-not-mapping': {severity: 'warning', doc: 'A `---` block that opens with `key:` but is not a mapping of keys to values; it is read as Markdown.'},
  'frontmatter-type': {severity: 'error', doc: 'A front matter value has the wrong type.'},
  'frontmatter-unknown-key': {severity: 'warning', doc: 'A front matter key folio does not know (often a typo).'},
  'frontmatter-no-title': {severity: 'warning', doc: 'No `title` in front matter and no opening heading to take it from; the file name stands in.'},
  'slug-duplicate': {severity: 'error', doc: 'Two articles would write the same output files.'},
  'frontmatter-too-large': {severity: 'error', doc: 'The front matter is larger than folio reads.'},
  'image-missing': {severity: 'warning', doc: 'An image file does not exist; its alt text stands in.'},
  'image-refused': {severity: 'warning', doc: 'An image outside the article\'s folder, with another scheme, or not an image; its alt text stands in.'},
  'image-remote': {severity: 'warning', doc: 'A remote image, refused without --allow-remote or failed to fetch; its alt text stands in.'},
  'nesting-too-deep': {severity: 'warning', doc: 'Lists or quotes nested deeper than folio renders; the deeper levels are flattened.'},
  'parse-failed': {severity: 'error', doc: 'The article could not be processed (a bug in folio or a dependency: please report it).'},
  'link-broken': {severity: 'warning', doc: 'A link to a missing #id or an invalid web address; its text stays.'},
  'link-relative': {severity: 'warning', doc: 'A relative link: a link in HTML and PDF, text only in the EPUB.'},
  'html-removed': {severity: 'warning', doc: 'Raw HTML that is not allowed was removed.'},
  'html-content-model': {severity: 'warning', doc: 'Raw HTML that browsers accept but XHTML (EPUB) does not, such as an unclosed tag around later paragraphs or a block in a heading; the tag is removed (its content kept) or the content wrapped.'},
  'id-duplicate': {severity: 'warning', doc: 'An id that an earlier element already has; the later element loses it.'},
  'request-refused': {severity: 'warning', doc: 'The page asked Chromium for a resource (network or file); refused.'},
  'emit-failed': {severity: 'error', doc: 'An output could not be produced for this article.'},
  'cover-invalid': {severity: 'error', doc: 'The front matter `cover` names a file that is missing, unreadable, outside the article\'s folder, or neither JPEG nor PNG.'},
  'cover-failed': {severity: 'warning', doc: 'The EPUB\'s cover could not be drawn (a font could not be read, or the drawing failed): the EPUB is made without one.'},
  'citation-unknown': {severity: 'warning', doc: 'A citation key that no bibliography has (or no bibliography at all); shown as **?key**.'},
  'citation-locale': {severity: 'warning', doc: 'No CSL locale for the article\'s language; citation terms are English.'},
  'locator-unknown': {severity: 'warning', doc: 'A locator term (`hal. 12`) that the locale does not know; kept as suffix text.'},
  'bibliography-missing': {severity: 'error', doc: 'A bibliography file named in front matter or config does not exist or cannot be read.'},
  'bibliography-invalid': {severity: 'error', doc: 'A bibliography that cannot be parsed, or entries without a key.'},
  'bibliography-duplicate-key': {severity: 'warning', doc: 'The same citation key twice in the bibliographies; the first is used.'},
  'csl-style-unknown': {severity: 'error', doc: 'A CSL style that is neither a file nor a known name.'},
  'merge-invalid': {severity: 'error', doc: '`folio merge`: a document in a shard\'s manifest.json that is malformed or names an output outside the folder; it is not merged.'},
  'merge-mismatch': {severity: 'error', doc: '`folio merge`: an output missing from a shard, or not of the size and sha256 its manifest.json lists; its document is not merged.'},
  'merge-conflict': {severity: 'error', doc: '`folio merge`: two shards list the same slug with different outputs; neither is merged.'},
  'hyphen-no-patterns': {severity: 'warning', doc: 'No hyphenation patterns for a language; its text is not hyphenated in print.'},
  'footnotes-endnotes': {severity: 'warning', doc: 'The notes could not be laid out at the foot of their pages (an `@page` rule the layout cannot read, a block that overflows its page); the PDF has them as endnotes.'},
  'math-invalid': {severity: 'warning', doc: 'TeX math (`$…$`, `$$…$$`) that Temml cannot convert to MathML; its TeX is shown as code.'},
  'equation-ref-unknown': {severity: 'warning', doc: 'A reference to an equation label (`[@eq:name]`, `@eq:name`, `\\eqref{eq:name}`) that no display formula has; it stays as written.'},
  'equation-label-duplicate': {severity: 'warning', doc: 'An equation label that an earlier formula has (that formula keeps it; this one is not numbered), or a second label on one formula.'},
  'equation-label-inline': {severity: 'warning', doc: 'A `\\label` in inline math (`$…$`), which takes no number; removed.'},
  'collection-yaml': {severity: 'error', doc: 'A collection file (`collections/<name>.yaml`) that is not valid YAML or cannot be read; the collection is not built.'},
  'collection-invalid': {severity: 'error', doc: 'A collection file without `title` or `articles`, or with a value of the wrong type; the collection is not built.'},
  'collection-unknown-key': {severity: 'warning', doc: 'A key in a collection file that folio does not know (often a typo).'},
  'collection-unknown-article': {severity: 'error', doc: 'An entry of a collection\'s `articles` that is neither the slug nor the path of an article in the build; the collection is not built.'},
  'collection-duplicate-article': {severity: 'warning', doc: 'An article named twice in a collection\'s `articles`; the repeat is left out.'},
  'collection-article-failed': {severity: 'error', doc: 'An article of the collection did not build; the collection is not built (its previous outputs stay).'},
  'collection-name-taken': {severity: 'error', doc: 'A collection file named as an article\'s slug: both would write `<name>.epub` and `<name>.pdf`; the collection is not built.'},
  'collection-emit-failed': {severity: 'error', doc: 'The collection\'s EPUB or PDF could not be made or written; its previous outputs stay.'},
  'font-uncovered': {severity: 'warning', doc: 'A character that no bundled font covers (see Fonts in the README); it prints in whatever font the system has, or as a box.'}
} as const satisfies Record<string, {severity: Severity; doc: string}>

export type RuleId = keyof typeof rules

export function severityOf(ruleId: string): Severity {
  return (rules as Record<string, {severity: Severity}>)[ruleId]?.severity ?? 'error'
}
