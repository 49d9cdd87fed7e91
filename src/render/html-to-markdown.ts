/**
 * Agent replies arrive from HubSpot as `richText` HTML; Botpress channels take markdown. Turndown parses
 * with its bundled DOM implementation (domino) under Node, so this stays a pure function without a browser.
 *
 * The output reaches the customer, so active content is removed with its text, and only http(s) and mailto links
 * and http(s) images survive as such (others keep their visible text). Turndown escapes markdown characters typed
 * as text ("1. ", "*", "_"), so an agent's literal asterisk is not turned into emphasis; `<` is escaped too, so text
 * such as an entity-escaped `&lt;img onerror=…&gt;` reaches the customer as those characters, never as a raw tag
 * that a channel rendering HTML in markdown would run.
 */
import type TurndownService from 'turndown'
import { lazy } from '../platform/lazy'
import { linkDestination, singleLine } from './markdown-syntax'

const SAFE_IMAGE = /^https?:/i
/** Links an agent's reply may carry to the customer. */
const SAFE_LINK = /^(?:https?:|mailto:)/i

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

const turndown = lazy(() => {
  // A require at first use, so a cold start that converts no HTML does not load turndown and its DOM.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const service = new (require('turndown') as typeof TurndownService)({
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
        if (!SAFE_LINK.test(href)) return content
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
    })
  const escapeMarkdown = service.escape.bind(service)
  service.escape = (text: string) => escapeAngleBrackets(escapeMarkdown(text))
  return service
})

/** A backslash before `<` keeps it a character: no HTML tag, no autolink (`<javascript:…>`). */
const escapeAngleBrackets = (markdown: string) => markdown.replace(/</g, '\\<')

/**
 * What a customer may be sent of a plain-text agent reply: the text as typed, every markdown and HTML character
 * escaped, so `[x](javascript:…)` or `<img …>` typed or pasted as text shows as those characters and opens nothing.
 */
export function plainTextToMarkdown(text: string): string {
  return text
    .split('\n')
    .map((line) => turndown().escape(line))
    .join('\n')
    .trim()
}

/**
 * What an agent's reply says, as markdown for the customer: its rich text, or its plain text where the rich text is
 * unusable (nested too deeply for the converter, or converting to nothing): the plain text HubSpot always sends
 * is then delivered instead of failing the reply.
 */
export function agentReplyMarkdown(message: { richText?: string | null; text?: string | null }): string {
  let rich = ''
  try {
    rich = message.richText ? htmlToMarkdown(message.richText) : ''
  } catch {
    // A stack overflow on absurd nesting, or a converter failure: the plain text is still the agent's words.
  }
  return rich || plainTextToMarkdown(message.text ?? '')
}

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
