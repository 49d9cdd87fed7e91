import { markdownToHtml, markdownToPlainText } from './markdown-to-html'
import { codeSpan, escapeMarkdown, isSafeLink, linkDestination, markdownLink, singleLine } from './markdown-syntax'

describe('escapeMarkdown', () => {
  it.each([
    ['emphasis', '*a* _b_ **c**'],
    ['a link', '[x](https://evil.example)'],
    ['an image', '![x](https://evil.example/i.png)'],
    ['HTML', '<b>bold</b>'],
    ['code', '`code`'],
    ['a heading', '# Title'],
    ['a list item', '- item'],
    ['a plus list item', '+ item'],
    ['an ordered list item', '1. item'],
    ['a thematic break', '---'],
    ['a setext underline', '==='],
    ['strikethrough', '~~gone~~'],
    ['a table row', '| a | b |'],
    ['an entity', 'AT&amp;T'],
    ['backslashes', 'C:\\temp\\*'],
  ])('keeps %s literal', (_name, text) => {
    const escaped = escapeMarkdown(text)
    expect(markdownToPlainText(escaped)).toBe(text)
    const html = markdownToHtml(escaped)
    expect(html).not.toMatch(/<(em|strong|img|b|code|h1|ul|ol|hr|h2|s|table)[\s>]/)
    // A bare URL may still be linkified (a safe scheme, shown as itself); the label must not become a link.
    expect(html).not.toContain('>x</a>')
  })

  it('leaves digits that do not start a list alone', () => {
    expect(escapeMarkdown('48.85, 2.29')).toBe('48.85, 2.29')
  })
})

describe('markdownLink', () => {
  it.each([
    ['a label and a safe URL', 'Docs', 'https://e.com/a', '[Docs](https://e.com/a)'],
    ['a label with brackets', 'a [b] c', 'https://e.com', '[a \\[b\\] c](https://e.com)'],
    ['a multi-line label', 'two\nlines', 'https://e.com', '[two lines](https://e.com)'],
    ['an empty label', '  ', 'https://e.com', '[https://e.com](https://e.com)'],
    ['a URL with spaces and parentheses', 'x', 'https://e.com/a b(c)', '[x](https://e.com/a%20b%28c%29)'],
    ['an unsafe URL', 'Go', 'javascript:alert(1)', 'Go (javascript:alert(1))'],
    ['an unsafe URL as its own label', 'javascript:x', 'javascript:x', 'javascript:x'],
  ])('builds %s', (_name, label, url, expected) => {
    expect(markdownLink(label, url)).toBe(expected)
  })

  it('makes exactly one clickable link for a safe URL and none for an unsafe one', () => {
    expect(markdownToHtml(markdownLink('x', 'https://e.com/a b'))).toContain('href="https://e.com/a%20b"')
    expect(markdownToHtml(markdownLink('x', 'javascript:alert(1)'))).not.toContain('<a ')
  })
})

describe('isSafeLink', () => {
  it.each([
    ['https://e.com', true],
    ['HTTP://e.com', true],
    [' mailto:a@b.c', true],
    ['tel:+1', true],
    ['javascript:alert(1)', false],
    ['data:text/html,x', false],
    ['//e.com', false],
    ['/path', false],
    ['ftp://e.com', false],
  ])('%s → %p', (url, safe) => {
    expect(isSafeLink(url)).toBe(safe)
  })
})

describe('codeSpan', () => {
  it.each([
    ['plain', 'a"b', '`a"b`'],
    ['inner backticks', 'a`b``c', '```a`b``c```'],
    ['a leading backtick', '`a', '`` `a ``'],
  ])('wraps %s content', (_name, text, expected) => {
    expect(codeSpan(text)).toBe(expected)
    expect(markdownToPlainText(expected)).toBe(text)
  })
})

describe('singleLine and linkDestination', () => {
  it('collapses all whitespace', () => {
    expect(singleLine('  a\n\tb\r\n c  ')).toBe('a b c')
  })

  it('percent-encodes what would end a destination, non-ASCII spaces as UTF-8', () => {
    expect(linkDestination('https://e.com/a b<c>\\d\u3000e')).toBe('https://e.com/a%20b%3Cc%3E%5Cd%E3%80%80e')
  })
})
