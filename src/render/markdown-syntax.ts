/**
 * Building blocks for markdown that embeds strings we do not control (card titles, names, file titles, URLs):
 * whatever they contain, they show up as the same literal text and cannot open links, emphasis or blocks.
 */

const SAFE_LINK = /^(?:https?:|mailto:|tel:)/i

/** Collapses whitespace, newlines included, so a value stays on the line it was put on. */
export function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/**
 * Escapes inline markup, and block markers when the text starts a line (a backslash before ASCII
 * punctuation always means the character itself).
 */
export function escapeMarkdown(text: string): string {
  return escapeInline(text)
    .replace(/^(\s*)([-+=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/, '$1\\$2')
}

/** A clickable link for safe schemes; anything else stays readable as plain text and is never clickable. */
export function markdownLink(label: string, url: string): string {
  const target = url.trim()
  const text = singleLine(label) || target
  if (!SAFE_LINK.test(target)) return escapeMarkdown(text === target ? target : `${text} (${target})`)
  return `[${escapeInline(text)}](${linkDestination(target)})`
}

function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~&]/g, '\\$&')
}

export function isSafeLink(url: string): boolean {
  return SAFE_LINK.test(url.trim())
}

/** Literal text in a code span, with a fence longer than any backtick run inside it. */
export function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longestRun + 1)
  const padding = /^`|`$/.test(text) ? ' ' : ''
  return `${fence}${padding}${text}${padding}${fence}`
}

/** Characters that would end or break a link destination are percent-encoded. */
export function linkDestination(url: string): string {
  return url.replace(/[\s()<>\\]/g, (c) =>
    c.charCodeAt(0) < 0x80 ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : encodeURIComponent(c),
  )
}
