/**
 * Markdown from Botpress (bot texts, transcripts) → what HubSpot's custom-channel message needs: `richText`
 * (HTML) and the plain `text` it requires next to it.
 *
 * The HTML is shown to agents inside HubSpot, so the input is treated as hostile: raw HTML is escaped, links
 * only keep http(s)/mailto/tel targets (anything else stays visible as text), and images are turned into
 * links so that opening a conversation never makes the agent's browser load a remote resource.
 */
import type MarkdownIt from 'markdown-it'
import { lazy } from '../platform/lazy'
import { isSafeLink } from './markdown-syntax'

type Token = MarkdownIt.Token

/** Built at first use, so a cold start that renders no markdown does not load markdown-it. */
const renderer = lazy(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const md = new (require('markdown-it') as typeof MarkdownIt)({ html: false, linkify: true, breaks: true })
  // markdown-it checks links after normalising them (entities decoded, control characters percent-encoded),
  // so an allow-list on the scheme is enough; relative links mean nothing inside the HubSpot inbox.
  md.validateLink = isSafeLink

  md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
    tokens[idx]?.attrSet('target', '_blank')
    tokens[idx]?.attrSet('rel', 'noopener noreferrer nofollow')
    return self.renderToken(tokens, idx, options)
  }

  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]
    const src = token ? attr(token, 'src') : ''
    const alt = self.renderInlineAsText(token?.children ?? [], options, env)
    const href = md.utils.escapeHtml(src)
    return `<a href="${href}" target="_blank" rel="noopener noreferrer nofollow">🖼️ ${md.utils.escapeHtml(alt || src)}</a>`
  }
  return md
})

export function markdownToHtml(markdown: string): string {
  return renderer().render(markdown).trimEnd()
}

/**
 * Plain-text reading of the same markdown: markup is dropped, block structure is kept as line breaks and
 * list markers, and a link keeps its target readable as `label (url)` because plain text cannot be clicked.
 */
export function markdownToPlainText(markdown: string): string {
  const writer = new PlainTextWriter()
  for (const token of renderer().parse(markdown, {})) writer.block(token)
  return writer.result()
}

type List = { ordered: boolean; next: number }

/** Walks markdown-it's block tokens, keeping the reading order and the visible structure. */
class PlainTextWriter {
  private readonly lines: string[] = []
  private readonly lists: List[] = []
  private quoteDepth = 0
  private blankLinePending = false
  private itemMarker: string | undefined
  private tableRow: string[] | undefined

  result(): string {
    return this.lines.join('\n').trim()
  }

  block(token: Token): void {
    switch (token.type) {
      case 'inline':
        return this.inline(inlineText(token.children ?? []))
      case 'paragraph_close':
        // Paragraphs of tight lists are hidden: their items stay on consecutive lines.
        if (!token.hidden) this.blankLinePending = true
        return
      case 'heading_close':
      case 'table_close':
        this.blankLinePending = true
        return
      case 'hr':
        this.write('---')
        this.blankLinePending = true
        return
      case 'bullet_list_open':
        this.lists.push({ ordered: false, next: 0 })
        return
      case 'ordered_list_open':
        this.lists.push({ ordered: true, next: Number(token.attrGet('start') ?? 1) })
        return
      case 'bullet_list_close':
      case 'ordered_list_close':
        this.lists.pop()
        if (this.lists.length === 0) this.blankLinePending = true
        return
      case 'list_item_open':
        this.itemMarker = this.nextMarker()
        return
      case 'blockquote_open':
        this.quoteDepth++
        return
      case 'blockquote_close':
        this.quoteDepth--
        this.blankLinePending = true
        return
      case 'fence':
      case 'code_block':
        this.write(token.content.replace(/\n$/, ''))
        this.blankLinePending = true
        return
      case 'tr_open':
        this.tableRow = []
        return
      case 'tr_close':
        this.write((this.tableRow ?? []).join(' | '))
        this.tableRow = undefined
        return
    }
  }

  private inline(text: string): void {
    if (this.tableRow) this.tableRow.push(text)
    else this.write(text)
  }

  private nextMarker(): string {
    const list = this.lists[this.lists.length - 1]
    if (!list) return ''
    return list.ordered ? `${list.next++}. ` : '- '
  }

  private write(text: string): void {
    if (this.blankLinePending && this.lines.length > 0) this.lines.push(this.prefix('').trimEnd())
    this.blankLinePending = false
    const marker = this.itemMarker ?? ''
    this.itemMarker = undefined
    text.split('\n').forEach((line, i) => {
      this.lines.push(this.prefix(i === 0 ? marker : ' '.repeat(marker.length)) + line)
    })
  }

  private prefix(marker: string): string {
    const indent = '   '.repeat(Math.max(0, this.lists.length - 1))
    return '> '.repeat(this.quoteDepth) + indent + marker
  }
}

function inlineText(tokens: Token[]): string {
  let out = ''
  const openLinks: { href: string; at: number }[] = []
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'code_inline':
        out += token.content
        break
      case 'softbreak':
      case 'hardbreak':
        out += '\n'
        break
      case 'link_open':
        openLinks.push({ href: renderer().normalizeLinkText(attr(token, 'href')), at: out.length })
        break
      case 'link_close': {
        const link = openLinks.pop()
        if (link) out = out.slice(0, link.at) + labelled(out.slice(link.at), link.href)
        break
      }
      case 'image':
        out += '🖼️ ' + labelled(inlineText(token.children ?? []), renderer().normalizeLinkText(attr(token, 'src')))
        break
    }
  }
  return out
}

function attr(token: Token, name: string): string {
  return String(token.attrGet(name) ?? '')
}

/** A label that already says the address (autolinks, linkified emails) is not repeated. */
function labelled(label: string, url: string): string {
  const target = url.replace(/^(?:mailto|tel):/i, '')
  if (!label || label === url || label === target) return target
  return `${label} (${url})`
}
