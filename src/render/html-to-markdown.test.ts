import { agentReplyMarkdown, htmlToMarkdown, plainTextToMarkdown } from './html-to-markdown'
import { markdownToHtml } from './markdown-to-html'

describe('htmlToMarkdown', () => {
  it('runs without a browser DOM (turndown brings its own parser under Node)', () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined')
    expect(htmlToMarkdown('<p>Hello <b>world</b></p>')).toBe('Hello **world**')
  })

  it.each([
    ['bold and italic', '<p><strong>bold</strong> <b>b</b> <em>it</em> <i>i</i></p>', '**bold** **b** *it* *i*'],
    ['a link', '<a href="https://example.com/a?b=1&amp;c=2">docs</a>', '[docs](https://example.com/a?b=1&c=2)'],
    ['a mailto link', '<a href="mailto:ann@example.com">Ann</a>', '[Ann](mailto:ann@example.com)'],
    ['a tel link (only http(s) and mailto links reach the customer)', '<a href="tel:+33612345678">call</a>', 'call'],
    ['a link without text', '<a href="https://example.com"></a>', '[https://example.com](https://example.com)'],
    [
      'a destination with spaces and parentheses',
      '<a href="https://e.com/a b(c)">x</a>',
      '[x](https://e.com/a%20b%28c%29)',
    ],
    ['a line break', '<p>one<br>two</p>', 'one  \ntwo'],
    ['paragraphs', '<p>one</p><p>two</p>', 'one\n\ntwo'],
    ['divs as lines (HubSpot editor)', '<div>one</div><div>two</div>', 'one\n\ntwo'],
    ['a bullet list', '<ul><li>a</li><li>b</li></ul>', '- a\n- b'],
    ['a nested list', '<ul><li>a<ul><li>b</li></ul></li></ul>', '- a\n  - b'],
    ['an ordered list with a start', '<ol start="3"><li>c</li><li>d</li></ol>', '3. c\n4. d'],
    ['entities', '<p>AT&amp;T &lt;tag&gt; caf&eacute; &#128512; a&nbsp;b</p>', 'AT&T \\<tag> café 😀 a b'],
    ['markdown characters typed as text', '<p>1. not a list, *not bold*</p>', '1\\. not a list, \\*not bold\\*'],
    ['an empty string', '', ''],
    ['plain text', 'just text', 'just text'],
  ])('converts %s', (_name, html, markdown) => {
    expect(htmlToMarkdown(html)).toBe(markdown)
  })

  it.each([
    ['script', '<p>a</p><script>alert("x")</script><p>b</p>'],
    ['style', '<p>a</p><style>p { color: red }</style><p>b</p>'],
    ['iframe', '<p>a</p><iframe src="https://evil.example">fallback text</iframe><p>b</p>'],
    ['object', '<p>a</p><object data="x.swf">object text</object><p>b</p>'],
    ['embed and noscript', '<p>a</p><embed src="x.swf"><noscript>no js</noscript><p>b</p>'],
  ])('removes %s with its content', (_name, html) => {
    expect(htmlToMarkdown(html)).toBe('a\n\nb')
  })

  it.each([
    ['javascript:', '<a href="javascript:alert(1)">click me</a>'],
    ['javascript: with spaces and case', '<a href="  JaVaScRiPt:alert(1)">click me</a>'],
    ['data:', '<a href="data:text/html,<script>alert(1)</script>">click me</a>'],
    ['relative', '<a href="/admin">click me</a>'],
  ])('keeps only the text of a %s link', (_name, html) => {
    expect(htmlToMarkdown(html)).toBe('click me')
  })

  it('turns an inline image into a markdown image', () => {
    expect(htmlToMarkdown('<p>see <img src="https://cdn.hubspot.net/shot.png" alt="Screen [1]"></p>')).toBe(
      'see ![Screen \\[1\\]](https://cdn.hubspot.net/shot.png)',
    )
  })

  it('keeps only the alt text of an image that is not on http(s), and no handler', () => {
    expect(htmlToMarkdown('<img src="x" onerror="alert(1)" alt="broken">')).toBe('broken')
    expect(htmlToMarkdown('<img src="data:image/png;base64,AAAA" alt="pasted">')).toBe('pasted')
  })

  it('collapses runs of empty lines and empty paragraphs', () => {
    const html = '<div>one</div><div><br></div><div><br></div><div><br></div><p></p><p>&nbsp;</p><div>two</div>'
    expect(htmlToMarkdown(html)).toBe('one\n\ntwo')
    expect(htmlToMarkdown('<p>a<br><br><br><br>b</p>')).toBe('a\n\nb')
  })

  it('reads back what markdownToHtml produced', () => {
    const markdown = '**Hello** *there*  \nsee [docs](https://example.com)\n\n- a\n- b'
    expect(htmlToMarkdown(markdownToHtml(markdown))).toBe(markdown)
  })
})

describe('plainTextToMarkdown', () => {
  it.each([
    ['a javascript: link typed as text', '[x](javascript:alert(1))', '\\[x\\](javascript:alert(1))'],
    ['an autolink', '<javascript:alert(1)>', '\\<javascript:alert(1)>'],
    ['an HTML tag', '<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert(1)>'],
    ['a list marker on a later line', 'one\n- two', 'one\n\\- two'],
    ['plain words', 'Your refund is on its way.', 'Your refund is on its way.'],
  ])('escapes %s', (_name, text, markdown) => {
    expect(plainTextToMarkdown(text)).toBe(markdown)
  })
})

describe('agentReplyMarkdown', () => {
  it('uses the rich text when it converts to something', () => {
    expect(agentReplyMarkdown({ richText: '<p><b>hi</b></p>', text: 'hi' })).toBe('**hi**')
  })

  it.each([
    ['too deeply nested', `${'<span>'.repeat(5000)}x${'</span>'.repeat(5000)}`],
    ['converting to nothing', '<script>alert(1)</script>'],
    ['absent', undefined],
  ])('falls back to the escaped plain text when the rich text is %s', (_name, richText) => {
    expect(agentReplyMarkdown({ richText, text: 'see <b>this</b>' })).toBe('see \\<b>this\\</b>')
  })
})
