/**
 * Agent replies arrive from HubSpot as `richText` HTML; Botpress channels take markdown. Turndown parses
 * with its bundled DOM implementation (domino) under Node, so this stays a pure function without a browser.
 *
 * The output reaches the customer, so active content is removed with its text, and only links and images
 * with harmless schemes survive as such (others keep their visible text). Turndown escapes markdown
 * characters typed as text ("1. ", "*", "_"), so an agent's literal asterisk is not turned into emphasis.
 */
import type TurndownService from 'turndown'
import { lazy } from '../lazy'
import { isSafeLink, linkDestination, singleLine } from './markdown-syntax'

const SAFE_IMAGE = /^https?:/i

const REMOVED_ELEMENTS: TurndownService.TagName[] = [
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'noscript',
  'template',
  'head',
]

/** The part of domino's DOM the rules read: the project compiles without the DOM lib, so name it here. */
type DomElement = {
  nodeName: string
  parentNode: DomElement | null
  nextSibling: unknown
  children: ArrayLike<DomElement>
  getAttribute(name: string): string | null
}

const turndown = lazy(() =>
  // A require at first use, so a cold start that converts no HTML does not load turndown and its DOM.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  new (require('turndown') as typeof TurndownService)({
    headingStyle: 'atx',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '*',
    strongDelimiter: '**',
  })
    .remove(REMOVED_ELEMENTS)
    .addRule('safeLink', {
      filter: (node: DomElement) => node.nodeName === 'A' && node.getAttribute('href') !== null,
      replacement: (content, node: DomElement) => {
        const href = node.getAttribute('href')?.trim() ?? ''
        if (!isSafeLink(href)) return content
        return `[${content || href}](${linkDestination(href)})`
      },
    })
    .addRule('compactListItem', {
      // Turndown pads markers to four columns; chat channels that show markdown raw read better with one space.
      filter: 'li',
      replacement: (content, node: DomElement, options) => {
        const prefix = `${listMarker(node, options.bulletListMarker ?? '-')} `
        const body = content.replace(/^\n+/, '').replace(/\n+$/, /\n$/.test(content) ? '\n' : '')
        return prefix + body.replace(/\n/g, `\n${' '.repeat(prefix.length)}`) + (node.nextSibling ? '\n' : '')
      },
    })
    .addRule('safeImage', {
      filter: 'img',
      replacement: (_content, image: DomElement) => {
        const src = image.getAttribute('src')?.trim() ?? ''
        const alt = singleLine(image.getAttribute('alt') ?? '')
        if (!SAFE_IMAGE.test(src)) return alt
        return `![${escapeLabel(alt)}](${linkDestination(src)})`
      },
    }),
)

export function htmlToMarkdown(html: string): string {
  return (
    turndown()
      .turndown(html)
      // Editors pad with &nbsp;, which chat channels would show as odd wide gaps or keep at line ends.
      .replace(/\u00a0/g, ' ')
      // Line ends keep only turndown's hard break ("  "), and not before a blank line where it adds nothing.
      .replace(/^[ \t]+$/gm, '')
      .replace(/[ \t]+$/gm, (spaces) => (spaces === '  ' ? spaces : ''))
      .replace(/[ \t]+\n(?=\n)/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  )
}

function listMarker(item: DomElement, bullet: string): string {
  const list = item.parentNode
  if (list?.nodeName !== 'OL') return bullet
  const start = Number(list.getAttribute('start') ?? 1)
  return `${(Number.isFinite(start) ? start : 1) + Array.prototype.indexOf.call(list.children, item)}.`
}

function escapeLabel(text: string): string {
  return text.replace(/[\\[\]]/g, '\\$&')
}
