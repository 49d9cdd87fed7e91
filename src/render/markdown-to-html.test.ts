import { markdownToHtml, markdownToPlainText } from './markdown-to-html'

/** Every `href`/`src` value in the HTML, to check what a click or a page load could reach. */
const urlsIn = (html: string) => [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1])

describe('markdownToHtml', () => {
  it.each([
    ['bold and italic', '**bold** and *it*', '<p><strong>bold</strong> and <em>it</em></p>'],
    ['single newlines are line breaks (chat messages)', 'one\ntwo', '<p>one<br>\ntwo</p>'],
    ['paragraphs', 'one\n\ntwo', '<p>one</p>\n<p>two</p>'],
    ['list', '- a\n- b', '<ul>\n<li>a</li>\n<li>b</li>\n</ul>'],
  ])('renders %s', (_name, markdown, html) => {
    expect(markdownToHtml(markdown)).toBe(html)
  })

  it.each([
    ['https', '[site](https://example.com/a?b=1)', 'https://example.com/a?b=1'],
    ['http', '[site](http://example.com)', 'http://example.com'],
    ['mailto', '[mail](mailto:ann@example.com)', 'mailto:ann@example.com'],
    ['tel', '[call](tel:+33612345678)', 'tel:+33612345678'],
    ['linkified bare URL', 'see https://example.com/x now', 'https://example.com/x'],
    ['linkified bare email', 'write to ann@example.com', 'mailto:ann@example.com'],
  ])('keeps %s links, opening outside the inbox', (_name, markdown, href) => {
    const html = markdownToHtml(markdown)
    expect(urlsIn(html)).toEqual([href])
    expect(html).toContain('target="_blank" rel="noopener noreferrer nofollow"')
  })

  it.each([
    ['a javascript: link', '[click](javascript:alert(1))'],
    ['a mixed-case javascript: link', '[click](JaVaScRiPt:alert(1))'],
    ['an entity-encoded javascript: link', '[click](&#106;avascript:alert(1))'],
    ['a javascript: link with a tab in the scheme', '[click](java\tscript:alert(1))'],
    ['a data: link', '[click](data:text/html;base64,PHNjcmlwdD4=)'],
    ['a vbscript: link', '[click](vbscript:msgbox(1))'],
    ['a relative link', '[click](/admin)'],
    ['a protocol-relative link', '[click](//evil.example)'],
    ['a javascript: autolink', '<javascript:click()>'],
  ])('renders %s as text, never as a link', (_name, markdown) => {
    const html = markdownToHtml(markdown)
    expect(html).not.toMatch(/<a\s/)
    expect(html).toContain('click')
  })

  it.each([
    ['script element', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['img with onerror', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['iframe', '<iframe src="https://evil.example"></iframe>', '&lt;iframe'],
    ['inline event handler', '<b onmouseover="alert(1)">hi</b>', '&lt;b onmouseover=&quot;alert(1)&quot;&gt;'],
  ])('escapes raw HTML: %s', (_name, markdown, escaped) => {
    const html = markdownToHtml(markdown)
    expect(html).toContain(escaped)
    expect(html).not.toMatch(/<(script|img|iframe|b)[\s>]/)
  })

  it('cannot break out of an attribute through the link destination', () => {
    const html = markdownToHtml('[x](https://e.com/"onmouseover="alert(1))')
    expect(html).not.toMatch(/<a[^>]*\sonmouseover=/)
    expect(urlsIn(html)[0]).toContain('%22onmouseover=%22')
  })

  it('turns an image into a link, so nothing is loaded when the agent opens the conversation', () => {
    const html = markdownToHtml('![chart](https://cdn.example/chart.png)')
    expect(html).not.toContain('<img')
    expect(html).toBe(
      '<p><a href="https://cdn.example/chart.png" target="_blank" rel="noopener noreferrer nofollow">🖼️ chart</a></p>',
    )
  })

  it('names an image without alt text by its URL', () => {
    expect(markdownToHtml('![](https://cdn.example/a.png)')).toContain('>🖼️ https://cdn.example/a.png</a>')
  })

  it('shows an image with an unsafe source as its markdown text', () => {
    const html = markdownToHtml('![x](javascript:alert(1))')
    expect(html).not.toMatch(/<(a|img)\s/)
    expect(html).toContain('![x](javascript:alert(1))')
  })

  it('escapes HTML inside link labels and image alt text', () => {
    const html = markdownToHtml('![<svg onload=alert(1)>](https://e.com/i.png) [<b>x</b>](https://e.com)')
    expect(html).not.toMatch(/<(svg|b)[\s>]/)
    expect(html).toContain('&lt;svg onload=alert(1)&gt;')
  })
})

describe('markdownToPlainText', () => {
  it.each([
    ['emphasis is dropped', '**bold**, *italic*, ~~gone~~ and `code`', 'bold, italic, gone and code'],
    [
      'a labelled link keeps its URL',
      'read [the docs](https://example.com/docs)',
      'read the docs (https://example.com/docs)',
    ],
    ['a bare URL is not repeated', 'see https://example.com', 'see https://example.com'],
    ['a linkified email is not repeated', 'write to ann@example.com', 'write to ann@example.com'],
    ['a labelled mailto keeps the address', '[Ann](mailto:ann@example.com)', 'Ann (mailto:ann@example.com)'],
    ['an image reads as its alt and URL', '![chart](https://e.com/c.png)', '🖼️ chart (https://e.com/c.png)'],
    ['an unsafe link stays as typed', '[x](javascript:alert(1))', '[x](javascript:alert(1))'],
    ['raw HTML stays literal', '<b>hi</b> & <script>', '<b>hi</b> & <script>'],
    ['entities and escapes are decoded', 'AT&amp;T \\*not emphasis\\*', 'AT&T *not emphasis*'],
    ['line breaks', 'one\ntwo', 'one\ntwo'],
    ['paragraphs', 'one\n\n\n\ntwo', 'one\n\ntwo'],
    ['headings', '# Title\nbody', 'Title\n\nbody'],
    ['bullet lists', '- a\n- b', '- a\n- b'],
    ['ordered lists keep their start', '3. c\n4. d', '3. c\n4. d'],
    ['nested lists are indented', '- a\n  - b', '- a\n   - b'],
    ['quotes', '> said\n> this', '> said\n> this'],
    ['code blocks keep their content', '```js\nconst a = 1\n```', 'const a = 1'],
    ['tables read as rows', '| a | b |\n|---|---|\n| 1 | 2 |', 'a | b\n1 | 2'],
    ['empty input', '', ''],
  ])('%s', (_name, markdown, text) => {
    expect(markdownToPlainText(markdown)).toBe(text)
  })
})
