import type {Root} from 'hast'
import {h} from 'hastscript'
import rehypeStringify from 'rehype-stringify'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {quoteMarks, quoteMarksFor} from '../../src/transform/quote-marks.ts'
import {rehypeQuotes} from '../../src/transform/rehype-quotes.ts'
import {collectTextRuns, placeholder, writeRun} from '../../src/transform/text-runs.ts'

const nnbsp = '\u202F'

/** Markdown → hast, as the parse stage hands it over (no typography yet). */
function parse(markdown: string): Root {
  const processor = unified().use(remarkParse).use(remarkRehype)
  return processor.runSync(processor.parse(markdown))
}

function stringify(tree: Root): string {
  return unified().use(rehypeStringify).stringify(tree)
}

/** Run the plugin on a tree in place, as the article's language `lang` would. */
function curlTree(tree: Root, lang?: string): Root {
  const file = new VFile(lang === undefined ? {} : {data: {lang}})
  unified().use(rehypeQuotes).runSync(tree, file)
  return tree
}

/** Markdown → HTML through remark-parse, remark-rehype, the plugin and rehype-stringify. */
function curl(markdown: string, lang?: string): string {
  const processor = unified().use(remarkParse).use(remarkRehype).use(rehypeQuotes).use(rehypeStringify)
  return String(processor.processSync(new VFile({value: markdown, data: lang === undefined ? {} : {lang}})))
}

const p = (html: string) => `<p>${html}</p>`

describe('rehypeQuotes, per language', () => {
  it('uses “ ” and ‘ ’ in English, and English for unknown or missing languages', () => {
    const expected = p('“Hello,” she said. “It’s ‘fine’.”')
    expect(curl(`"Hello," she said. "It's 'fine'."`, 'en')).toBe(expected)
    expect(curl(`"Hello," she said. "It's 'fine'."`, 'en-GB')).toBe(expected)
    expect(curl(`"Hello," she said. "It's 'fine'."`, 'tlh')).toBe(expected)
    expect(curl(`"Hello," she said. "It's 'fine'."`, '')).toBe(expected)
    expect(curl(`"Hello," she said. "It's 'fine'."`, 'not a tag')).toBe(expected)
    expect(curl(`"Hello," she said. "It's 'fine'."`)).toBe(expected)
  })

  it('uses “ ” and ‘ ’ in Indonesian', () => {
    expect(curl(`Ia berkata, "Jangan 'main-main' pada hari Jum'at."`, 'id')).toBe(p('Ia berkata, “Jangan ‘main-main’ pada hari Jum’at.”'))
  })

  it('uses „ “ and ‚ ‘ in German, keeping ’ for apostrophes', () => {
    expect(curl(`Er sagte: "Das ist 'gut'." Peters' Haus, geht's?`, 'de')).toBe(p('Er sagte: „Das ist ‚gut‘.“ Peters’ Haus, geht’s?'))
  })

  it('uses « » and ‹ › in Swiss German, matched by full tag before language', () => {
    expect(curl(`"Grüezi 'mitenand'"`, 'de-CH')).toBe(p('«Grüezi ‹mitenand›»'))
    expect(curl(`"Grüezi 'mitenand'"`, 'de-Latn-CH')).toBe(p('«Grüezi ‹mitenand›»'))
    expect(curl(`"Servus"`, 'de-AT')).toBe(p('„Servus“'))
  })

  it('puts a narrow no-break space inside French guillemets, not inside “ ”', () => {
    expect(curl(`Il dit "bonjour" et c'est 'tout'.`, 'fr')).toBe(p(`Il dit «${nnbsp}bonjour${nnbsp}» et c’est “tout”.`))
    expect(curl(`"Il a dit 'non' !"`, 'fr-FR')).toBe(p(`«${nnbsp}Il a dit “non” !${nnbsp}»`))
  })

  it('turns a space already inside French quotes into the narrow one instead of adding another', () => {
    expect(curl(`Il dit " bonjour " et "  au revoir ".`, 'fr')).toBe(p(`Il dit «${nnbsp}bonjour${nnbsp}» et «${nnbsp}au revoir${nnbsp}».`))
    expect(curl(`"\u00A0mot\u00A0"`, 'fr')).toBe(p(`«${nnbsp}mot${nnbsp}»`))
  })

  it('uses « » and ‹ › with the French space in Swiss French', () => {
    expect(curl(`"Il a dit 'non'"`, 'fr-CH')).toBe(p(`«${nnbsp}Il a dit ‹${nnbsp}non${nnbsp}›${nnbsp}»`))
  })

  it('uses “ ” and ‘ ’ in Dutch, with the elisions ’s and ’t', () => {
    expect(curl(`"Hij zei 'nee'" in 's-Hertogenbosch, 's avonds, op 't dak.`, 'nl')).toBe(p('“Hij zei ‘nee’” in ’s-Hertogenbosch, ’s avonds, op ’t dak.'))
  })

  it('uses « » and “ ” in Spanish and Italian', () => {
    expect(curl(`"Dijo 'hola'"`, 'es')).toBe(p('«Dijo “hola”»'))
    expect(curl(`"Disse 'ciao'", l'amico`, 'it')).toBe(p('«Disse “ciao”», l’amico'))
  })

  it('uses “ ” in Portuguese and Brazilian Portuguese, « » in European Portuguese', () => {
    expect(curl(`"Disse 'olá'"`, 'pt')).toBe(p('“Disse ‘olá’”'))
    expect(curl(`"Disse 'olá'"`, 'pt-BR')).toBe(p('“Disse ‘olá’”'))
    expect(curl(`"Disse 'olá'"`, 'pt-PT')).toBe(p('«Disse “olá”»'))
  })

  it('uses « » and „ “ in Russian', () => {
    expect(curl(`"Он сказал 'да'"`, 'ru')).toBe(p('«Он сказал „да“»'))
  })

  it('uses „ ” and « » in Polish', () => {
    expect(curl(`"Ala 'ma' kota"`, 'pl')).toBe(p('„Ala «ma» kota”'))
  })

  it('uses ” ” and ’ ’ in Swedish', () => {
    expect(curl(`"Hej 'du'", sa han.`, 'sv')).toBe(p('”Hej ’du’”, sa han.'))
  })

  it('has primary and secondary marks for every language in the table', () => {
    for (const [lang, marks] of Object.entries(quoteMarks)) {
      expect(quoteMarksFor(lang), lang).toBe(marks)
      expect([...marks.primary, ...marks.secondary].every((mark) => mark.length === 1), lang).toBe(true)
    }
  })
})

describe('rehypeQuotes, open or close', () => {
  it('nests quotes by the straight mark the author typed, three deep', () => {
    expect(curl(`"a 'b "c" d' e"`, 'en')).toBe(p('“a ‘b “c” d’ e”'))
    expect(curl(`"a 'b "c" d' e"`, 'de')).toBe(p('„a ‚b „c“ d‘ e“'))
  })

  it('reads across emphasis and links', () => {
    expect(curl(`"*word*" and "[link](x)" and *"emph"* and **"strong"**`, 'en'))
      .toBe(p('“<em>word</em>” and “<a href="x">link</a>” and <em>“emph”</em> and <strong>“strong”</strong>'))
    expect(curl(`*"a* b" and "a *b"* and '*c*'`, 'de')).toBe(p('<em>„a</em> b“ and „a <em>b“</em> and ‚<em>c</em>‘'))
  })

  it('closes before punctuation and dashes, opens after brackets and dashes', () => {
    expect(curl(`He said "no"—and left. ("Why?") Then—"well"—nothing. "Wait—" he said.`, 'en'))
      .toBe(p('He said “no”—and left. (“Why?”) Then—“well”—nothing. “Wait—” he said.'))
  })

  it('quotes code and math as words', () => {
    expect(curl('"`x`" and \'`y`\'', 'en')).toBe(p('“<code>x</code>” and ‘<code>y</code>’'))
  })

  it('keeps the stack per block', () => {
    // A single quote left open in one paragraph must not make the next one's apostrophe a closing quote.
    expect(curl(`'Offen\n\nPeters' Haus`, 'de')).toBe(`${p('‚Offen')}\n${p('Peters’ Haus')}`)
  })

  it('handles headings, list items and block quotes', () => {
    expect(curl(`# "Title"\n\n- "one"\n- 'two'\n\n> "quoted"`, 'en'))
      .toBe('<h1>“Title”</h1>\n<ul>\n<li>“one”</li>\n<li>‘two’</li>\n</ul>\n<blockquote>\n<p>“quoted”</p>\n</blockquote>')
  })
})

describe('rehypeQuotes, apostrophes', () => {
  it('puts ’ inside words and at their ends', () => {
    expect(curl(`don't, Jum'at, rock'n'roll, goin' home, the students' books`, 'en'))
      .toBe(p('don’t, Jum’at, rock’n’roll, goin’ home, the students’ books'))
  })

  it('reads a leading apostrophe before a year or a short form as an elision', () => {
    expect(curl(`tahun '90-an, the '20s, 'til dawn, 'tis, 'Twas, 'em, 'cause, rock 'n' roll`, 'id'))
      .toBe(p('tahun ’90-an, the ’20s, ’til dawn, ’tis, ’Twas, ’em, ’cause, rock ’n’ roll'))
    // In German the difference shows: ‚ opens a quote, ’ elides.
    expect(curl(`die '90er und 'Emma' und '1984' und 's' und 'tilde'`, 'de'))
      .toBe(p('die ’90er und ‚Emma‘ und ‚1984‘ und ‚s‘ und ‚tilde‘'))
  })
})

describe('rehypeQuotes, what it leaves alone', () => {
  it('keeps marks that are already typographic, without doubling them', () => {
    expect(curl('“Already” ‘typographic’ don’t „so“ «déjà»', 'en')).toBe(p('“Already” ‘typographic’ don’t „so“ «déjà»'))
    expect(curl(`«${nnbsp}déjà${nnbsp}» et «mot»`, 'fr')).toBe(p(`«${nnbsp}déjà${nnbsp}» et «mot»`))
    expect(curl('“Mixed" and "mixed”', 'en')).toBe(p('“Mixed” and “mixed”'))
  })

  it('is idempotent', () => {
    for (const lang of ['en', 'de', 'fr', 'sv']) {
      const once = curlTree(parse(`"a 'b' c" d'e " f " 'g`), lang)
      const html = stringify(once)
      expect(stringify(curlTree(once, lang)), lang).toBe(html)
    }
  })

  it('never touches code spans, code blocks, keyboard input or math', () => {
    expect(curl('"x" `\'y\' "z"` don\'t\n\n```\n"block" it\'s\n```', 'en'))
      .toBe(`${p('“x” <code>\'y\' "z"</code> don’t')}\n<pre><code>"block" it's\n</code></pre>`)
    const tree: Root = {type: 'root', children: [h('p', ['"', h('kbd', "'q'"), '" and ', h('span.math-inline', "f'(x)"), ' "', h('span', {className: ['math', 'math-display']}, '"y"'), '"'])]}
    expect(stringify(curlTree(tree, 'en'))).toBe('<p>“<kbd>\'q\'</kbd>” and <span class="math-inline">f\'(x)</span> “<span class="math math-display">"y"</span>”</p>')
  })

  it('never touches links that show an address, nor attributes', () => {
    expect(curl(`<https://example.org/it's> "x" <who'@example.org> [it's](https://example.org "it's") ![it's](a.png)`, 'en'))
      .toBe(p('<a href="https://example.org/it&#x27;s">https://example.org/it\'s</a> “x” <a href="mailto:who&#x27;@example.org">who\'@example.org</a> <a href="https://example.org" title="it&#x27;s">it’s</a> <img src="a.png" alt="it&#x27;s">'))
  })

  it('switches marks inside an element with its own lang, the nearest one winning', () => {
    const tree: Root = {type: 'root', children: [
      h('p', ['"Hello" ', h('span', {lang: 'fr'}, ['"bonjour" ', h('em', {lang: 'de'}, '"hallo"')]), ' "bye"']),
      h('div', {lang: 'ru'}, [h('p', '"да"'), h('p', {lang: 'sv'}, '"ja"')])
    ]}
    expect(stringify(curlTree(tree, 'en'))).toBe(
      `<p>“Hello” <span lang="fr">«${nnbsp}bonjour${nnbsp}» <em lang="de">„hallo“</em></span> “bye”</p>` +
      '<div lang="ru"><p>«да»</p><p lang="sv">”ja”</p></div>'
    )
  })
})

describe('collectTextRuns', () => {
  it('joins a block’s text across inline elements, with placeholders for skipped subtrees', () => {
    const tree = parse('A "*b* [c](x)" `d` <https://e.org>  \nf\n\n- g\n\n  h')
    const runs = collectTextRuns(tree)
    expect(runs.map((run) => run.value)).toEqual([`A "b c" ${placeholder} ${placeholder}\n\nf`, 'g', 'h'])
    expect(runs[0]!.texts.map((text) => [text.start, text.node.value])).toEqual([[0, 'A "'], [3, 'b'], [4, ' '], [5, 'c'], [6, '" '], [9, ' '], [12, '\n'], [13, 'f']])
    expect(runs[0]!.texts[3]!.ancestors.map((element) => element.tagName)).toEqual(['p', 'a'])
  })

  it('writes back per text node, skipping placeholders', () => {
    const tree = parse('a *b* `c` d')
    const [run] = collectTextRuns(tree)
    writeRun(run!, run!.value.split('').map((char) => (char === placeholder ? 'X' : char.toUpperCase())))
    expect(stringify(tree)).toBe(p('A <em>B</em> <code>c</code> D'))
  })
})

// Markdown made of prose characters, quotes and the syntax that splits text into nodes.
const prose = ['a', 'b', 'Z', 'é', '1', '9', ' ', ' ', '\n', '"', '"', "'", "'", '*', '_', '[', ']', '(', ')', '.', ',', '-', '—', '!', '?', '>', '#', '\\']
const markdown = fc.array(fc.constantFrom(...prose, '`'), {maxLength: 60}).map((chars) => chars.join(''))
const plainText = fc.array(fc.constantFrom(...prose), {maxLength: 30}).map((chars) => chars.join(''))
const languages = fc.constantFrom(...Object.keys(quoteMarks), 'de-CH', 'pt-BR', 'xx', '')

/** Map a language's marks back to the straight quotes they stand for, and drop the spaces added. */
function undo(text: string, lang: string): string {
  const marks = quoteMarksFor(lang)
  const straight = new Map<string, string>([['’', "'"], [nnbsp, '']])
  for (const mark of marks.primary) straight.set(mark, '"')
  for (const mark of marks.secondary) straight.set(mark, "'")
  return text.replace(/./gsu, (char) => straight.get(char) ?? char)
}

function codeOf(tree: Root): string[] {
  const code: string[] = []
  visit(tree, 'element', (node) => {
    if (node.tagName === 'code' || node.tagName === 'pre') code.push(stringify({type: 'root', children: [node]}))
  })
  return code
}

describe('rehypeQuotes, properties', () => {
  it('changes nothing more when applied twice', () => {
    fc.assert(fc.property(markdown, languages, (input, lang) => {
      const once = curlTree(parse(input), lang)
      const html = stringify(once)
      expect(stringify(curlTree(once, lang))).toBe(html)
    }), {numRuns: 500})
  })

  it('never changes code spans or code blocks', () => {
    const withCode = fc.tuple(plainText, plainText, plainText, plainText)
      .map(([a, code, b, block]) => `${a}\`${code.replaceAll('`', '')}\`${b}\n\n\`\`\`\n${block}\n\`\`\`\n`)
    fc.assert(fc.property(fc.oneof(markdown, withCode), languages, (input, lang) => {
      expect(codeOf(curlTree(parse(input), lang))).toEqual(codeOf(parse(input)))
    }), {numRuns: 500})
  })

  it('gives back the input when the substitutions are undone', () => {
    fc.assert(fc.property(markdown, languages, (input, lang) => {
      const curled = curlTree(parse(input), lang)
      visit(curled, 'text', (node) => {
        node.value = undo(node.value, lang)
      })
      if (quoteMarksFor(lang).space) {
        // French turns a space inside quotes into the narrow one; undone, that space is gone.
        expect(stringify(curled).replace(/\s+/g, '')).toBe(stringify(parse(input)).replace(/\s+/g, ''))
      } else {
        expect(stringify(curled)).toBe(stringify(parse(input)))
      }
    }), {numRuns: 500})
  })

  it('leaves no straight quote in prose', () => {
    fc.assert(fc.property(markdown, languages, (input, lang) => {
      const tree = curlTree(parse(input), lang)
      for (const run of collectTextRuns(tree)) {
        expect(run.texts.some((text) => /["']/.test(text.node.value))).toBe(false)
      }
    }), {numRuns: 200})
  })
})
