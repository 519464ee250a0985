import {createRequire} from 'node:module'
import type {Element, Root} from 'hast'
import {toHtml} from 'hast-util-to-html'
import fc from 'fast-check'
import rehypeRaw from 'rehype-raw'
import rehypeStringify from 'rehype-stringify'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {rehypeSanitizeHtml} from '../../src/transform/rehype-sanitize-html.ts'

// The chain createProcessor() uses: raw HTML parsed by rehype-raw, then sanitized at once.
const parse = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, {allowDangerousHtml: true}).use(rehypeRaw)
const sanitizer = unified().use(rehypeSanitizeHtml)

interface Result {
  tree: Root
  html: string
  messages: string[]
}

/** Markdown → hast as the chain makes it, before sanitizing. */
function unsanitized(markdown: string): Root {
  const file = new VFile({path: 'a.md', value: markdown})
  return parse.runSync(parse.parse(file), file)
}

/** Sanitize a tree (in place), with the messages as `line:column: reason`. */
function sanitizeTree(tree: Root): Result {
  const file = new VFile({path: 'a.md'})
  sanitizer.runSync(tree, file)
  const messages = file.messages.map((m) => `${m.line}:${m.column}: ${m.reason}`)
  return {tree, html: toHtml(tree), messages}
}

function sanitize(markdown: string): Result {
  return sanitizeTree(unsanitized(markdown))
}

/** The whole chain as the integrator wires it, down to HTML. */
function toHtmlWithSanitizer(markdown: string): {html: string; file: VFile} {
  const file = new VFile({path: 'a.md', value: markdown})
  const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, {allowDangerousHtml: true})
    .use(rehypeRaw).use(rehypeSanitizeHtml).use(rehypeStringify)
  return {html: String(processor.processSync(file)), file}
}

/** The tree without the plugin, less the comments it drops on purpose: what silence must leave. */
function unsanitizedWithoutComments(markdown: string): string {
  const tree = unsanitized(markdown)
  visit(tree, 'comment', (_, index, parent) => {
    parent!.children.splice(index!, 1)
    return index
  })
  return toHtml(tree)
}

/**
 * rehype-raw leaves some positions without a start; hast-util-sanitize drops those (as
 * unist-util-position does), which is no change anyone can see.
 */
function withoutBrokenPositions(tree: Root): Root {
  visit(tree, (node) => {
    if (node.position && (node.position.start?.line === undefined || node.position.end?.line === undefined)) delete node.position
  })
  return tree
}

const link = '`http:`, `https:`, `irc:`, `ircs:`, `mailto:`, `xmpp:` or a relative URL'

describe('rehypeSanitizeHtml: hostile markup', () => {
  it('removes scripts with their content', () => {
    expect(sanitize('Hello <script>alert(1)</script> world')).toMatchObject({
      html: '<p>Hello  world</p>',
      messages: ['1:7: Unexpected `<script>` in raw HTML, expected allowed markup; removed']
    })
    expect(sanitize('Text\n\n<script>\nfetch("https://evil.example")\n</script>\n\nMore')).toMatchObject({
      html: '<p>Text</p>\n\n<p>More</p>',
      messages: ['3:1: Unexpected `<script>` in raw HTML, expected allowed markup; removed']
    })
  })

  it('reports through the diagnostics catalogue, as folio', () => {
    const {file} = toHtmlWithSanitizer('<script>x</script>')
    expect(file.messages).toHaveLength(1)
    expect(file.messages[0]).toMatchObject({ruleId: 'html-removed', source: 'folio', fatal: false, line: 1, column: 1})
  })

  it('removes event handlers, keeping the element', () => {
    expect(sanitize('An image <img src="a.png" alt="A" onerror="alert(1)"> here.')).toMatchObject({
      html: '<p>An image <img src="a.png" alt="A"> here.</p>',
      messages: ['1:10: Unexpected attribute `onerror` on `<img>`, expected allowed attributes; removed']
    })
    expect(sanitize('Line one\n<b onclick="steal()" onMouseOver="x">bold</b>')).toMatchObject({
      html: '<p>Line one\n<b>bold</b></p>',
      messages: [
        '2:1: Unexpected attribute `onclick` on `<b>`, expected allowed attributes; removed',
        '2:1: Unexpected attribute `onmouseover` on `<b>`, expected allowed attributes; removed'
      ]
    })
  })

  it('removes script URLs from links and images, written in any way', () => {
    expect(sanitize('<a href="javascript:alert(1)">a</a> <a href=" JaVa&#x09;ScRiPt:x">b</a> <a href="vbscript:x">c</a>')).toMatchObject({
      html: '<p><a>a</a> <a>b</a> <a>c</a></p>',
      messages: [
        `1:1: Unexpected \`javascript:\` URL in \`href\` on \`<a>\`, expected ${link}; removed`,
        `1:37: Unexpected \` JaVa\tScRiPt:\` URL in \`href\` on \`<a>\`, expected ${link}; removed`,
        `1:73: Unexpected \`vbscript:\` URL in \`href\` on \`<a>\`, expected ${link}; removed`
      ]
    })
    // Markdown links go through the same check.
    expect(sanitize('See [this](javascript:alert(1)).')).toMatchObject({
      html: '<p>See <a>this</a>.</p>',
      messages: [`1:5: Unexpected \`javascript:\` URL in \`href\` on \`<a>\`, expected ${link}; removed`]
    })
  })

  it('refuses data: links', () => {
    expect(sanitize('<a href="data:text/html,<script>x</script>">a</a> [b](data:text/html;base64,PHNjcmlwdD4=)')).toMatchObject({
      html: '<p><a>a</a> <a>b</a></p>',
      messages: [
        `1:1: Unexpected \`data:\` URL in \`href\` on \`<a>\`, expected ${link}; removed`,
        `1:51: Unexpected \`data:\` URL in \`href\` on \`<a>\`, expected ${link}; removed`
      ]
    })
  })

  it('leaves image sources to rehype-images, which refuses or embeds them next', () => {
    const markdown = '![pixel](data:image/png;base64,iVBORw0KGgo=) ![f](file:///etc/passwd) <img src="https://a.example/a.png" alt="r">'
    expect(sanitize(markdown)).toMatchObject({html: unsanitizedWithoutComments(markdown), messages: []})
  })

  it('removes iframes, objects, embeds and applets with their content', () => {
    expect(sanitize('A\n\n<iframe src="https://evil.example"><p>fallback</p></iframe>')).toMatchObject({
      html: '<p>A</p>\n',
      messages: ['3:1: Unexpected `<iframe>` in raw HTML, expected allowed markup; removed']
    })
    expect(sanitize('x <object data="a.swf"><param name="a" value="b"><embed src="a.swf">Flash!</object> <embed src="b.swf"> <applet code="A">Java</applet>')).toMatchObject({
      html: '<p>x   </p>',
      messages: [
        '1:3: Unexpected `<object>` in raw HTML, expected allowed markup; removed',
        '1:85: Unexpected `<embed>` in raw HTML, expected allowed markup; removed',
        '1:105: Unexpected `<applet>` in raw HTML, expected allowed markup; removed'
      ]
    })
  })

  it('removes forms and form controls, but not the task-list checkbox', () => {
    expect(sanitize('<form action="https://evil.example"><label>Password <input type="password" name="p"></label><button>Go</button></form>')).toMatchObject({
      html: '',
      messages: ['1:1: Unexpected `<form>` in raw HTML, expected allowed markup; removed']
    })
    expect(sanitize('Name: <input name="q"> <select><option>a</option></select> <textarea>t</textarea> <button>b</button>')).toMatchObject({
      html: '<p>Name:    </p>',
      messages: [
        '1:7: Unexpected `<input>` in raw HTML, expected allowed markup; removed',
        '1:24: Unexpected `<select>` in raw HTML, expected allowed markup; removed',
        '1:60: Unexpected `<textarea>` in raw HTML, expected allowed markup; removed',
        '1:83: Unexpected `<button>` in raw HTML, expected allowed markup; removed'
      ]
    })
    // A checkbox is what GFM makes for task lists: it stays, always disabled, its other attributes go.
    expect(sanitize('<input type="checkbox" name="agree" checked>')).toMatchObject({
      html: '<input type="checkbox" checked disabled>',
      messages: ['1:1: Unexpected attribute `name` on `<input>`, expected allowed attributes; removed']
    })
  })

  it('removes meta, base and link elements', () => {
    expect(sanitize('<meta http-equiv="refresh" content="0;url=https://evil.example">\n<base href="https://evil.example/">\n<link rel="stylesheet" href="https://evil.example/a.css">\n\nText')).toMatchObject({
      html: '\n\n\n<p>Text</p>',
      messages: [
        '1:1: Unexpected `<meta>` in raw HTML, expected allowed markup; removed',
        '2:1: Unexpected `<base>` in raw HTML, expected allowed markup; removed',
        '3:1: Unexpected `<link>` in raw HTML, expected allowed markup; removed'
      ]
    })
  })

  it('removes style elements and style attributes', () => {
    expect(sanitize('<style>body { background: url(https://evil.example/t.png) }</style>\n\nA <span style="background: url(https://evil.example/t.png)">span</span>.')).toMatchObject({
      html: '\n<p>A <span>span</span>.</p>',
      messages: [
        '1:1: Unexpected `<style>` in raw HTML, expected allowed markup; removed',
        '3:3: Unexpected attribute `style` on `<span>`, expected allowed attributes; removed'
      ]
    })
  })

  it('removes SVG whole, foreign objects and external uses included, and keeps MathML', () => {
    expect(sanitize('A <svg><use href="https://evil.example/a.svg#x"/><foreignObject><p>html</p></foreignObject></svg> and <math><mi>x</mi></math>.')).toMatchObject({
      html: '<p>A  and <math><mi>x</mi></math>.</p>',
      messages: ['1:3: Unexpected `<svg>` in raw HTML, expected allowed markup; removed']
    })
  })

  it('keeps MathML without links, handlers, styles, classes, actions or embedded markup', () => {
    const math = '<math display="block" alttext="x" href="javascript:alert(1)" class="title-block"><maction actiontype="toggle"><mi onclick="x" style="color:red" mathvariant="normal">x</mi></maction><semantics><mn>1</mn><annotation-xml encoding="text/html"><a href="https://e.example">a</a></annotation-xml><annotation encoding="application/x-tex">1</annotation></semantics></math>'
    expect(sanitize(`<p>${math}</p>`)).toMatchObject({
      html: '<p><math display="block" alttext="x"><mi mathvariant="normal">x</mi><semantics><mn>1</mn><annotation encoding="application/x-tex">1</annotation></semantics></math></p>',
      messages: [
        '1:4: Unexpected attribute `href` on `<math>`, expected allowed attributes; removed',
        '1:4: Unexpected attribute `class` on `<math>`, expected allowed attributes; removed',
        '1:85: Unexpected `<maction>` in raw HTML, expected allowed markup; removed the tag, kept its content',
        '1:114: Unexpected attribute `onclick` on `<mi>`, expected allowed attributes; removed',
        '1:114: Unexpected attribute `style` on `<mi>`, expected allowed attributes; removed',
        '1:206: Unexpected `<annotation-xml>` in raw HTML, expected allowed markup; removed'
      ]
    })
  })

  it('removes frames, templates and noscript with their content', () => {
    expect(sanitize('<frameset><frame src="https://evil.example"></frameset>x <template><script>x</script></template> <noscript><img src=x></noscript>')).toMatchObject({
      html: 'x  ',
      messages: [
        '1:58: Unexpected `<template>` in raw HTML, expected allowed markup; removed',
        '1:98: Unexpected `<noscript>` in raw HTML, expected allowed markup; removed'
      ]
    })
    // The line is an HTML block; `<frameset>` and `<frame>` in a body are ignored by parse5, which
    // leaves nothing to report.
  })

  it('unwraps unknown elements, keeping their text and what is allowed inside', () => {
    expect(sanitize('<center>Centred <font color="red">and <em>red</em></font></center>')).toMatchObject({
      html: 'Centred and <em>red</em>',
      messages: [
        '1:1: Unexpected `<center>` in raw HTML, expected allowed markup; removed the tag, kept its content',
        '1:17: Unexpected `<font>` in raw HTML, expected allowed markup; removed the tag, kept its content'
      ]
    })
    // Obsolete in EPUB: EPUBCheck would reject them.
    expect(sanitize('<strike>old</strike> <tt>mono</tt>').messages).toHaveLength(2)
  })

  it('keeps only the classes Markdown makes', () => {
    expect(sanitize('<span class="title-block">x</span> <code class="language-js evil">y</code>')).toMatchObject({
      html: '<p><span>x</span> <code class="language-js">y</code></p>',
      messages: [
        '1:1: Unexpected attribute `class` on `<span>`, expected allowed attributes; removed',
        '1:36: Unexpected `evil` in `class` on `<code>`, expected an allowed value; removed'
      ]
    })
  })

  it('drops comments silently', () => {
    expect(sanitize('A <!-- a note to self --> B\n\n<!--\nblock\n-->')).toMatchObject({html: '<p>A  B</p>\n', messages: []})
  })

  it('reports raw HTML that was never parsed (no rehype-raw before it)', () => {
    const file = new VFile({path: 'a.md', value: 'A <b>b</b>'})
    const tree = unified().use(remarkParse).use(remarkRehype, {allowDangerousHtml: true}).runSync(unified().use(remarkParse).parse(file), file)
    sanitizer.runSync(tree, file)
    expect(toHtml(tree)).toBe('<p>A b</p>')
    expect(file.messages.map((m) => `${m.line}:${m.column}: ${m.reason}`)).toEqual([
      '1:3: Unexpected `raw` node in raw HTML, expected allowed markup; removed',
      '1:7: Unexpected `raw` node in raw HTML, expected allowed markup; removed'
    ])
  })
})

describe('rehypeSanitizeHtml: positions', () => {
  it('places a removal without a position of its own at its nearest positioned ancestor', () => {
    const at = (line: number, column: number) => ({line, column})
    const tree: Root = {type: 'root', children: [{
      type: 'element', tagName: 'p', properties: {}, position: {start: at(2, 3), end: at(2, 20)},
      children: [{type: 'element', tagName: 'span', properties: {}, children: [{type: 'element', tagName: 'script', properties: {}, children: []}]}]
    }]}
    expect(sanitizeTree(tree).messages).toEqual(['2:3: Unexpected `<script>` in raw HTML, expected allowed markup; removed'])
    const bare: Root = {type: 'root', children: [{type: 'element', tagName: 'script', properties: {}, children: []}]}
    expect(sanitizeTree(bare).messages).toEqual(['1:1: Unexpected `<script>` in raw HTML, expected allowed markup; removed'])
  })

  it('keeps the positions and data of what it keeps, for later warnings', () => {
    const {tree} = sanitize('Text\n\n![a](a.png) <span lang="id">b</span>')
    const p = tree.children.find((node): node is Element => node.type === 'element' && node.position?.start.line === 3)!
    expect(p.children.map((node) => node.position?.start)).toEqual([
      {line: 3, column: 1, offset: 6},
      {line: 3, column: 12, offset: 17},
      {line: 3, column: 13, offset: 18}
    ])
    visit(tree, (node) => {
      expect(node.data?.sanitizeOrigin).toBeUndefined()
    })
  })
})

describe('rehypeSanitizeHtml: malformed HTML', () => {
  it('keeps what parse5 repaired, without a word: unclosed, stray and misnested tags', () => {
    const repaired: Array<[string, string]> = [
      ['<div>open <em>never closed', '<div>open <em>never closed</em></div>'],
      ['stray </div> end </span> tags', '<p>stray  end  tags</p>'],
      ['<b>bold <i>both</b> italic</i>', '<p><b>bold <i>both</i></b><i> italic</i></p>'],
      ['<ul><li>one<li>two</ul></li>', '<ul><li>one</li><li>two</li></ul>'],
      // Text where a table cannot hold it goes before the table ("foster parenting").
      ['<table><td>cell<tr>row</table>', 'row<table><tbody><tr><td>cell</td></tr><tr></tr></tbody></table>']
    ]
    for (const [markdown, html] of repaired) {
      expect(sanitize(markdown), markdown).toMatchObject({html, messages: []})
      expect(html, markdown).toBe(unsanitizedWithoutComments(markdown))
    }
  })

  it('still finds hostile markup inside broken markup', () => {
    expect(sanitize('<div><p>text <script>alert(1)\n\n<b onclick=x>after')).toMatchObject({
      messages: [
        '1:14: Unexpected `<script>` in raw HTML, expected allowed markup; removed'
      ]
    })
    expect(sanitize('<table><tr><td>a<td onclick="x">b<script>y</script></table>').messages).toEqual([
      '1:17: Unexpected attribute `onclick` on `<td>`, expected allowed attributes; removed',
      '1:34: Unexpected `<script>` in raw HTML, expected allowed markup; removed'
    ])
  })

  it('keeps text swallowed by an unclosed `<plaintext>` as text', () => {
    expect(sanitize('<plaintext><script>x</script>')).toMatchObject({
      html: '<p></p>&#x3C;script>x&#x3C;/script>',
      messages: ['1:1: Unexpected `<plaintext>` in raw HTML, expected allowed markup; removed the tag, kept its content']
    })
  })
})

describe('rehypeSanitizeHtml: what it keeps', () => {
  it('keeps the inline HTML authors use, as written', () => {
    const allowed = [
      'H<sub>2</sub>O, x<sup>2</sup>, <mark>marked</mark>, <abbr title="Institute">INSS</abbr>, <kbd>Ctrl</kbd>',
      '<small>small</small> <s>struck</s> <u>under</u> <ins cite="https://a.example" datetime="2024-01-01">in</ins> <del>out</del>',
      'line<br>break, long<wbr>word, <q cite="https://a.example">quote</q>, <cite>Book</cite>, <dfn>term</dfn>',
      '<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby> <bdi>إيان</bdi> <bdo dir="rtl">abc</bdo> <time datetime="2024-01-01">today</time>',
      '<span lang="id" dir="ltr" id="here" title="t">span</span> <a href="https://a.example" title="A">link</a> <a href="#here">back</a>',
      '<a href="mailto:a@b.example">mail</a> <img src="https://a.example/a.png" alt="a" title="t" width="10" height="20"> <img src="a/b.png" alt="">',
      '<details open><summary>More</summary>\n\nHidden text.\n\n</details>',
      '<figure><img src="a.png" alt="A"><figcaption>Caption</figcaption></figure>',
      '<dl><dt>Term</dt><dd>Definition</dd></dl>',
      '<table><caption>C</caption><colgroup><col span="2"></colgroup><thead><tr><th scope="col" colspan="2">h</th></tr></thead><tbody><tr><td rowspan="1">a</td><td>b</td></tr></tbody></table>',
      '<ol start="3" reversed type="a"><li value="4">x</li></ol> <div><p>para</p><blockquote cite="https://a.example">q</blockquote><pre><code class="language-py">x</code></pre><hr></div>'
    ]
    for (const markdown of allowed) {
      const {html, messages} = sanitize(markdown)
      expect(messages, markdown).toEqual([])
      expect(html, markdown).toBe(unsanitizedWithoutComments(markdown))
    }
  })

  it('removes attribute values XHTML refuses, saying which, and keeps valid ones', () => {
    const {html, messages} = sanitize([
      '<ol start="x" type="z" reversed><li value="2.5">a</li></ol>',
      '',
      '<p dir="up" lang="!!" id="a b"><img src="a.png" alt="" width="50%" height="7"> <time datetime="yesterday">then</time> <time datetime="2024-01-01T10:00Z">now</time></p>',
      '',
      '<table><tr><th scope="sideways" abbr="A" headers="h">h</th><td colspan="0" rowspan="2" headers="h">d</td></tr></table>'
    ].join('\n'))
    expect(html).toContain('<ol reversed><li>a</li></ol>')
    expect(html).toContain('<p><img src="a.png" alt="" height="7"> <time>then</time> <time datetime="2024-01-01T10:00Z">now</time></p>')
    expect(html).toContain('<th>h</th><td rowspan="2">d</td>')
    expect(messages).toEqual([
      '1:1: Unexpected value `x` of `start` on `<ol>`, expected one valid in XHTML; removed',
      '1:1: Unexpected value `z` of `type` on `<ol>`, expected one valid in XHTML; removed',
      '1:33: Unexpected value `2.5` of `value` on `<li>`, expected one valid in XHTML; removed',
      '3:1: Unexpected value `up` of `dir` on `<p>`, expected one valid in XHTML; removed',
      '3:1: Unexpected value `!!` of `lang` on `<p>`, expected one valid in XHTML; removed',
      '3:1: Unexpected value `a b` of `id` on `<p>`, expected one valid in XHTML; removed',
      '3:32: Unexpected value `50%` of `width` on `<img>`, expected one valid in XHTML; removed',
      '3:80: Unexpected value `yesterday` of `datetime` on `<time>`, expected one valid in XHTML; removed',
      '5:12: Unexpected value `sideways` of `scope` on `<th>`, expected one valid in XHTML; removed',
      '5:12: Unexpected attribute `abbr` on `<th>`, expected allowed attributes; removed',
      '5:12: Unexpected attribute `headers` on `<th>`, expected allowed attributes; removed',
      '5:60: Unexpected value `0` of `colspan` on `<td>`, expected one valid in XHTML; removed',
      '5:60: Unexpected attribute `headers` on `<td>`, expected allowed attributes; removed'
    ])
  })

  it('keeps GFM footnotes and task lists unchanged', () => {
    const markdown = 'Text[^1] and more[^note].\n\n- [x] done\n- [ ] todo\n\n[^1]: First *note*.\n[^note]: Second.\n'
    const {html, messages} = sanitize(markdown)
    expect(messages).toEqual([])
    expect(html).toBe(unsanitizedWithoutComments(markdown))
    expect(html).toContain('<sup><a href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref="" aria-describedby="footnote-label">1</a></sup>')
    expect(html).toContain('<section data-footnotes="" class="footnotes"><h2 class="sr-only" id="footnote-label">Footnotes</h2>')
    expect(html).toContain('<li id="user-content-fn-1">')
    expect(html).toContain('<a href="#user-content-fnref-1" data-footnote-backref="" aria-label="Back to reference 1" class="data-footnote-backref">↩</a>')
    expect(html).toContain('<ul class="contains-task-list">\n<li class="task-list-item"><input type="checkbox" checked disabled> done</li>')
    expect(html).toContain('<li class="task-list-item"><input type="checkbox" disabled> todo</li>')
  })

  it('changes nothing in Markdown without raw HTML', () => {
    const word = fc.constantFrom('word', 'Korea', 'lain-lain', '“kutip”', 'x_y', '2024', 'ñ', '漢字', 'a&b', '&amp;', '"q"')
    const inline = fc.oneof(
      word,
      word.map((w) => `*${w}*`),
      word.map((w) => `**${w}**`),
      word.map((w) => `~~${w}~~`),
      word.map((w) => `\`${w} <b>\``),
      word.map((w) => `[${w}](https://a.example/${encodeURIComponent(w)} "t")`),
      word.map((w) => `[${w}](./b.md#${encodeURIComponent(w)})`),
      word.map((w) => `![${w}](img/${encodeURIComponent(w)}.png)`),
      fc.constantFrom('https://a.example/x', 'www.a.example', 'a@b.example', '[^1]', '\\*', 'line  \nbreak')
    )
    const line = fc.array(inline, {minLength: 1, maxLength: 6}).map((words) => words.join(' '))
    const block = fc.oneof(
      line,
      line.map((l) => `## ${l}`),
      line.map((l) => `> ${l}`),
      fc.array(line, {minLength: 1, maxLength: 3}).map((ls) => ls.map((l, i) => `${i % 2 ? '- [x]' : '- [ ]'} ${l}`).join('\n')),
      fc.array(line, {minLength: 1, maxLength: 3}).map((ls) => ls.map((l, i) => `${i + 3}. ${l}`).join('\n')),
      line.map((l) => `\`\`\`js\n${l}\n<script>not html</script>\n\`\`\``),
      fc.tuple(word, line).map(([h, l]) => `| ${h} | b |\n|:--|--:|\n| ${l} | c |`),
      line.map((l) => `[^1]: ${l}`),
      fc.constant('***')
    )
    const article = fc.array(block, {minLength: 1, maxLength: 6}).map((blocks) => blocks.join('\n\n'))
    fc.assert(fc.property(article, (markdown) => {
      const {tree, messages} = sanitize(markdown)
      expect(messages).toEqual([])
      expect(tree).toEqual(withoutBrokenPositions(unsanitized(markdown)))
    }))
  })

  it('changes Markdown without raw HTML only where it reports a URL', () => {
    const noHtml = fc.oneof(fc.string(), fc.string({unit: 'binary'})).map((s) => s.replaceAll('<', ''))
    fc.assert(fc.property(noHtml, (markdown) => {
      const {html, messages} = sanitize(markdown)
      if (messages.length === 0) expect(html).toBe(toHtml(unsanitized(markdown)))
      for (const message of messages) expect(message).toMatch(/URL in `href`/)
    }))
  })
})

// Independent of the plugin's schema: what must never come out, whatever goes in.
const safeTags = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'cite', 'code', 'col', 'colgroup', 'dd', 'del',
  'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i',
  'img', 'input', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'section',
  'small', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time',
  'tr', 'u', 'ul', 'var', 'wbr',
  // MathML Core's presentation elements: no links (see `hostile`), no script, no embedded HTML.
  'math', 'annotation', 'merror', 'mfrac', 'mi', 'mmultiscripts', 'mn', 'mo', 'mover', 'mpadded', 'mphantom',
  'mprescripts', 'mroot', 'mrow', 'ms', 'mspace', 'msqrt', 'mstyle', 'msub', 'msubsup', 'msup', 'mtable', 'mtd',
  'mtext', 'mtr', 'munder', 'munderover', 'semantics'
])
const safeSchemes = new Set(['http', 'https', 'mailto', 'irc', 'ircs', 'xmpp'])

/** Everything in the tree a browser could run or submit, or a link to a script or document URL. */
function hostile(tree: Root): string[] {
  const found: string[] = []
  visit(tree, (node) => {
    if (node.type === 'comment' || (node.type !== 'element' && node.type !== 'text' && node.type !== 'root')) found.push(node.type)
    if (node.type !== 'element') return
    if (!safeTags.has(node.tagName)) found.push(`<${node.tagName}>`)
    if (node.tagName === 'input' && (node.properties.type !== 'checkbox' || node.properties.disabled !== true)) found.push('<input> that is not a disabled checkbox')
    for (const [key, value] of Object.entries(node.properties)) {
      if (/^on|^style$|^srcset$|^formaction$|^action$|^name$|^xlink|^target$/i.test(key)) found.push(`${key} on <${node.tagName}>`)
      // Image sources are rehype-images' to refuse (it runs next); here only link-like URLs.
      if (['href', 'cite', 'longDesc'].includes(key) || (key === 'src' && node.tagName !== 'img')) {
        // As a browser reads it: without ASCII whitespace and controls, in any case.
        const scheme = /^([^:/?#]*):/.exec(String(value).replace(/[\u0000-\u0020]/g, ''))?.[1]?.toLowerCase()
        if (scheme !== undefined && !safeSchemes.has(scheme)) found.push(`${scheme}: in ${key}`)
      }
    }
  })
  return found
}

const soup = fc.constantFrom(
  '<script>', '</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">', '<a href=" jav&#x09;ascript:x">',
  '</a>', '<div>', '</div>', '<p>', '</p>', '<b>', '</i>', '<em>', '<!--', '-->', '<!-- c -->', '<style>', '</style>',
  '<svg>', '<foreignObject>', '<use href="//e.example/a#x">', '<math>', '<mi>', '<math href="javascript:x">',
  '<mi xlink:href="javascript:x">', '<annotation-xml encoding="text/html">', '<maction actiontype=toggle>', '<mtext>', '<table>', '<tr>', '<td onclick=x>',
  '</table>', '<plaintext>', '<xmp>', '<textarea>', '<iframe src=//e.example>', '</iframe>', '<template>', '<noscript>',
  '<select>', '<option>', '<form action=//e.example>', '<input type=text>', '<input type="checkbox" disabled>',
  '<meta http-equiv=refresh content=0>', '<base href=//e.example>', '<link rel=stylesheet href=//e.example>',
  '<span style="background:url(//e.example)">', '<img src="data:image/png;base64,AA">', '<![CDATA[', ']]>', '<?php ?>',
  '<object data=x>', '<embed src=x>', '<frameset>', '<frame src=x>', '<body onload=x>', '<html lang=x>', '<head>',
  '</body>', '<bdo dir=rtl>', '<abbr title=x>', '<details open>', '<summary>', '<center>', '<font color=red>',
  '<a name=x id=y target=_blank>', '<li>', '<ul>', '<sup>', '[^1]', '\n\n[^1]: note', '- [ ] task', '| a |\n|---|\n| b |',
  '<', '>', '&', '&lt;', '"', "'", '=', '\n', '\n\n', '`', '```\n', '*', '    ', 'text'
)
const tagSoup = fc.array(fc.oneof(soup, soup, fc.string(), fc.string({unit: 'binary'})), {maxLength: 25}).map((parts) => parts.join(''))

describe('rehypeSanitizeHtml: properties', () => {
  it('never throws, and leaves nothing hostile, on arbitrary strings and tag soup', () => {
    fc.assert(fc.property(fc.oneof(tagSoup, fc.string({unit: 'binary'})), (markdown) => {
      const {tree} = sanitize(markdown)
      expect(hostile(tree)).toEqual([])
    }), {numRuns: 500})
  })

  it('reports every change it makes: silence means unchanged', () => {
    fc.assert(fc.property(tagSoup, (markdown) => {
      const {html, messages} = sanitize(markdown)
      if (messages.length === 0) expect(html).toBe(unsanitizedWithoutComments(markdown))
    }), {numRuns: 500})
  })

  it('is idempotent: sanitizing again changes and reports nothing', () => {
    fc.assert(fc.property(tagSoup, (markdown) => {
      const once = sanitize(markdown).tree
      const twice = sanitizeTree(structuredClone(once))
      expect(twice.messages).toEqual([])
      expect(twice.tree).toEqual(once)
    }), {numRuns: 300})
  })

  it('holds on every CommonMark spec example', () => {
    const {tests} = createRequire(import.meta.url)('commonmark-spec') as {tests: Array<{markdown: string; number: number}>}
    for (const {markdown, number} of tests) {
      const {tree, html, messages} = sanitize(markdown)
      expect(hostile(tree), `example ${number}`).toEqual([])
      if (messages.length === 0) expect(html, `example ${number}`).toBe(unsanitizedWithoutComments(markdown))
      expect(sanitizeTree(structuredClone(tree)).messages, `example ${number}`).toEqual([])
    }
  })
})
