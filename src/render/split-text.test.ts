import fc from 'fast-check'
import { splitText, truncateText } from './split-text'

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * Offsets where `text` may be cut without breaking a grapheme cluster. Only for short texts: V8 copies the
 * whole input into every segment object, so segmenting 150,000 characters at once exhausts the heap.
 */
const boundariesOf = (text: string) => new Set([...graphemes.segment(text)].map((s) => s.index).concat(text.length))

/** Checks the three promises of splitText: size, nothing lost, and no cut inside a grapheme cluster. */
function expectValidSplit(text: string, maxLength: number, chunks: string[], boundaries = boundariesOf(text)): void {
  expect(chunks.join('')).toBe(text)
  let offset = 0
  for (const chunk of chunks) {
    expect(chunk.length).toBeGreaterThan(0)
    expect(chunk.length).toBeLessThanOrEqual(maxLength)
    offset += chunk.length
    expect(boundaries.has(offset)).toBe(true)
  }
}

describe('splitText', () => {
  it('returns no chunk for an empty text', () => {
    expect(splitText('', 10)).toEqual([])
  })

  it('returns a text that fits as the only chunk, whitespace included', () => {
    expect(splitText('hello', 5)).toEqual(['hello'])
    expect(splitText('  \n', 5)).toEqual(['  \n'])
  })

  it.each([1, 0, -5, 2.5, Number.NaN])('rejects maxLength %p', (maxLength) => {
    expect(() => splitText('abc', maxLength)).toThrow(RangeError)
  })

  it.each([
    ['a paragraph break over a line break', 'aaaa\n\nbbb\ncc dd', 12, ['aaaa\n\n', 'bbb\ncc dd']],
    ['a paragraph break with spaces on the blank line', 'aaaa\n \nbbb\ncc dd', 12, ['aaaa\n \n', 'bbb\ncc dd']],
    ['a line break over a space', 'aaaa bb\ncc dd', 10, ['aaaa bb\n', 'cc dd']],
    ['the last space', 'aaa bbb ccc ddd', 10, ['aaa bbb ', 'ccc ddd']],
    ['any whitespace, e.g. an ideographic space', '日本語日本語\u3000日本語', 8, ['日本語日本語\u3000', '日本語']],
  ])('prefers %s', (_name, text, maxLength, expected) => {
    expect(splitText(text, maxLength)).toEqual(expected)
  })

  it('ignores a separator in the first half of the window and fills the chunk instead', () => {
    expect(splitText('a\n\nbbbbbbbbbbbbbbbb', 10)).toEqual(['a\n\nbbbbbbb', 'bbbbbbbbb'])
  })

  it('cuts a text without whitespace at the limit', () => {
    expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij'])
  })

  it.each([
    ['surrogate pairs (emoji)', '😀'.repeat(10), 5, ['😀😀', '😀😀', '😀😀', '😀😀', '😀😀']],
    ['ZWJ family emoji', '👩‍👩‍👧‍👦'.repeat(3), 15, ['👩‍👩‍👧‍👦', '👩‍👩‍👧‍👦', '👩‍👩‍👧‍👦']],
    ['skin-tone modifiers', '👍🏽'.repeat(3), 5, ['👍🏽', '👍🏽', '👍🏽']],
    ['flags (regional indicator pairs)', '🇫🇷🇩🇪🇯🇵', 6, ['🇫🇷', '🇩🇪', '🇯🇵']],
    ['combining marks', 'e\u0301'.repeat(5), 3, ['e\u0301', 'e\u0301', 'e\u0301', 'e\u0301', 'e\u0301']],
    ['CR LF', 'ab\r\ncd', 3, ['ab', '\r\n', 'cd']],
    ['a space carrying a combining mark', 'ab \u0301cd', 4, ['ab', ' \u0301cd']],
  ])('never breaks %s', (_name, text, maxLength, expected) => {
    const chunks = splitText(text, maxLength)
    expect(chunks).toEqual(expected)
    expectValidSplit(text, maxLength, chunks)
  })

  it.each([
    ['CJK', '日本語のテキストです。'.repeat(30), 17],
    ['Hebrew (RTL)', 'שלום עולם, מה שלומך היום? '.repeat(20), 23],
    ['Arabic (RTL) with marks', 'مَرْحَبًا بِالعَالَم '.repeat(20), 19],
    ['Hindi (conjuncts)', 'क्षत्रिय नमस्ते '.repeat(20), 13],
  ])('splits %s text on grapheme boundaries', (_name, text, maxLength) => {
    expectValidSplit(text, maxLength, splitText(text, maxLength))
  })

  it('cuts a grapheme cluster longer than maxLength between code points, never inside a surrogate pair', () => {
    const chunks = splitText('👩‍👩‍👧‍👦', 4)
    expect(chunks.join('')).toBe('👩‍👩‍👧‍👦')
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(4)
      expect(chunk).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/)
    }
  })

  it('keeps its promises on arbitrary text (property)', () => {
    const pieces = fc.constantFrom('a', 'bc ', '\n', '\n\n', ' ', '😀', '👩‍👩‍👧‍👦', '🇫🇷', 'e\u0301', '日本', 'שלום ', '\r\n')
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 80 }), fc.integer({ min: 11, max: 40 }), (parts, maxLength) => {
        const text = parts.join('')
        const chunks = splitText(text, maxLength)
        expectValidSplit(text, maxLength, chunks)
        if (text === '') expect(chunks).toEqual([])
      }),
    )
  })

  describe('150,000 characters', () => {
    // Built from words that end on a boundary, so the boundaries of the whole are those of its words.
    const words = ['Lorem', 'ipsum', 'dolor', 'émoji😀', '👩‍👩‍👧‍👦', '日本語', 'שלום', 'e\u0301', '🇫🇷']
    let text = ''
    const boundaries = new Set<number>()
    for (let i = 0; text.length < 150_000; i++) {
      const word = words[i % words.length] + (i % 17 === 0 ? '\n\n' : i % 7 === 0 ? '\n' : ' ')
      for (const offset of boundariesOf(word)) boundaries.add(text.length + offset)
      text += word
    }

    it.each([10_000, 1_000, 100])('splits at %i quickly and correctly', (maxLength) => {
      const started = performance.now()
      const chunks = splitText(text, maxLength)
      const elapsed = performance.now() - started
      expect(text.length).toBeGreaterThanOrEqual(150_000)
      expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil(text.length / maxLength))
      expectValidSplit(text, maxLength, chunks, boundaries)
      expect(elapsed).toBeLessThan(1_000)
    })

    it('splits one 150,000-character word (no natural cut) quickly', () => {
      const word = 'x'.repeat(150_000)
      const started = performance.now()
      const chunks = splitText(word, 10_000)
      expect(performance.now() - started).toBeLessThan(1_000)
      expect(chunks).toHaveLength(15)
      expect(chunks.every((chunk) => chunk.length === 10_000)).toBe(true)
    })
  })
})

describe('truncateText', () => {
  it.each([
    ['keeps a text that fits', 'hello', 5, 'hello'],
    ['cuts a long text', 'hello world', 8, 'hello w…'],
    ['cuts before an emoji sequence it would split', 'hello 👩‍👩‍👧‍👦 world', 10, 'hello …'],
    ['cuts before a combining mark', 'cafe\u0301s', 5, 'caf…'],
  ])('%s', (_name, text, maxLength, expected) => {
    const result = truncateText(text, maxLength)
    expect(result).toBe(expected)
    expect(result.length).toBeLessThanOrEqual(maxLength)
  })

  it('uses the given ellipsis', () => {
    expect(truncateText('abcdefgh', 6, '...')).toBe('abc...')
  })
})
