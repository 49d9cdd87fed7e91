import { MAX_NOTE_BODY_LENGTH } from '../hubspot/limits'
import { escapeHtml } from '../render/escape-html'
import { splitText } from '../render/split-text'

export type ThreadLine = { at: string; author: string; text: string }

/** `2026-11-22 10:04:05 UTC`: readable, unambiguous and sortable. */
const formatTime = (iso: string) => `${iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')} UTC`

/** The whole session, one line per message, each with its time and author. */
export function transcriptText(lines: ReadonlyArray<ThreadLine>): string {
  return lines.map((line) => `[${formatTime(line.at)}] ${line.author}: ${line.text}`).join('\n')
}

/**
 * Note bodies (HTML, as HubSpot shows notes) of at most 65,536 characters each. Escaping makes the HTML
 * longer than the text, so a part that grows past the limit is split again.
 */
export function transcriptNoteBodies(title: string, transcript: string, limit = MAX_NOTE_BODY_LENGTH): string[] {
  const render = (part: string, index: number, count: number) =>
    `<p><strong>${escapeHtml(title)}${count > 1 ? ` (part ${index + 1} of ${count})` : ''}</strong></p><p>${escapeHtml(part).replace(/\n/g, '<br>')}</p>`
  const headroom = 200 + title.length * 6
  let parts = splitText(transcript, Math.max(1000, limit - headroom))
  for (let size = limit - headroom; parts.some((part, i) => render(part, i, parts.length).length > limit);) {
    size = Math.floor(size * 0.8)
    parts = splitText(transcript, Math.max(100, size))
  }
  return parts.map((part, index) => render(part, index, parts.length))
}
