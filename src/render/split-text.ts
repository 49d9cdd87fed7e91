/**
 * Cutting long texts for HubSpot's per-message limit (MAX_MESSAGE_TEXT_LENGTH) and shortening debug output.
 * Lengths are UTF-16 code units, the unit of JavaScript strings and of the limits we enforce. A cut never
 * falls inside a grapheme cluster (emoji sequences, letters with combining marks, CR LF), so no chunk
 * starts with an orphaned accent or half a flag.
 */

import { lazy } from '../platform/lazy'

/** Built at first use: creating it loads ICU's break data, which a cold start that cuts no text need not pay. */
const graphemes = lazy(() => new Intl.Segmenter(undefined, { granularity: 'grapheme' }))

/** Natural cuts are only looked for in this last part of the window, so chunks stay close to the limit. */
const NATURAL_CUT_REGION = 0.5

/** One code point after the window: enough to tell whether the window's end is a grapheme boundary. */
const LOOKAHEAD = 2

/** Best first: a blank line, a line break, any whitespace. The cut goes right after the match. */
const NATURAL_CUTS = [/\n[^\S\n]*\n/g, /\n/g, /\s/g]

/**
 * Splits `text` into chunks of at most `maxLength` UTF-16 units whose concatenation is exactly `text`.
 * Separators stay at the end of the chunk they close. Empty text gives `[]`: there is nothing to send,
 * and callers loop over the chunks without special-casing an empty message.
 * A single grapheme cluster longer than `maxLength` (only pathological input) is cut between code points.
 */
export function splitText(text: string, maxLength: number): string[] {
  assertMaxLength(maxLength)
  const chunks: string[] = []
  let start = 0
  while (text.length - start > maxLength) {
    const end = start + cutOffset(text.slice(start, start + maxLength + LOOKAHEAD), maxLength)
    chunks.push(text.slice(start, end))
    start = end
  }
  if (start < text.length) chunks.push(text.slice(start))
  return chunks
}

/** Shortens `text` to at most `maxLength` units, ending with `ellipsis` when something was cut. */
export function truncateText(text: string, maxLength: number, ellipsis = '…'): string {
  if (text.length <= maxLength) return text
  const room = maxLength - ellipsis.length
  if (room <= 0) return ellipsis.slice(0, Math.max(0, maxLength))
  return (
    text.slice(0, graphemeBoundaryAtOrBefore(graphemes().segment(text.slice(0, room + LOOKAHEAD)), room)) + ellipsis
  )
}

function assertMaxLength(maxLength: number): void {
  // Below 2 a surrogate pair could not fit in any chunk.
  if (!Number.isInteger(maxLength) || maxLength < 2) {
    throw new RangeError(`maxLength must be an integer of at least 2, got ${maxLength}`)
  }
}

/**
 * Where to cut `view` (the text from the current chunk start, `maxLength` units plus the lookahead).
 * Segmenting only this view keeps the whole split linear; it is exact because the view starts on a
 * grapheme boundary and whether a position is a boundary depends on the code point after it.
 */
function cutOffset(view: string, maxLength: number): number {
  const segments = graphemes().segment(view)
  const window = view.slice(0, maxLength)
  const earliest = Math.ceil(maxLength * NATURAL_CUT_REGION)
  for (const pattern of NATURAL_CUTS) {
    const offset = lastMatchEnd(window, pattern, earliest)
    if (offset === undefined) continue
    // A whitespace can carry combining marks, so the cut after it may not be a boundary yet.
    const cut = graphemeBoundaryAtOrBefore(segments, offset)
    if (cut > 0) return cut
  }
  const cut = graphemeBoundaryAtOrBefore(segments, maxLength)
  return cut > 0 ? cut : codePointBoundaryAtOrBefore(view, maxLength)
}

function lastMatchEnd(window: string, pattern: RegExp, earliest: number): number | undefined {
  let end: number | undefined
  for (const match of window.matchAll(pattern)) {
    const matchEnd = match.index + match[0].length
    if (matchEnd >= earliest) end = matchEnd
  }
  return end
}

/** Past the end of the segmented text there is nothing to split, so `index` itself is a boundary. */
function graphemeBoundaryAtOrBefore(segments: Intl.Segments, index: number): number {
  return segments.containing(index)?.index ?? index
}

function codePointBoundaryAtOrBefore(text: string, index: number): number {
  const splitsPair = isLowSurrogate(text.charCodeAt(index)) && isHighSurrogate(text.charCodeAt(index - 1))
  return splitsPair ? index - 1 : index
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff
