/**
 * Plain-text renderings of what each side sees, for the demo's transcript: the customer's chat as a webchat
 * shows it, and the HubSpot thread as the inbox shows it. Tracks what was already printed, so each step
 * prints only what changed.
 */
import type { SandboxState } from './api-client'
import type { CrmView } from './crm-side'
import type { ChatEntry } from './customer-side'
import type { ThreadItemView } from './inbox-side'

/** `label: text`, with the text's further lines aligned under its first one. */
const labelled = (label: string, text: string) =>
  text
    .split('\n')
    .map((line, index) => (index === 0 ? `${label}${line}` : line && `${' '.repeat(label.length)}${line}`))
    .join('\n')

/** Indents a block for the transcript, leaving blank lines empty. */
const block = (lines: string[]) =>
  lines
    .join('\n')
    .split('\n')
    .map((line) => (line ? `    ${line}` : ''))
    .join('\n')

const shortUrl = (url: string) => (url.length > 70 ? `${url.slice(0, 67)}…` : url)

export function chatContent(type: string, payload: Record<string, unknown>): string {
  switch (type) {
    case 'text':
      return String(payload.text)
    case 'markdown':
      return String(payload.markdown)
    case 'image':
      return `[image ${payload.title ?? ''}] ${shortUrl(String(payload.imageUrl))}`
    case 'file':
      return `[file ${payload.title ?? ''}] ${shortUrl(String(payload.fileUrl))}`
    case 'choice': {
      const options = payload.options as { label: string }[]
      return `${payload.text}  ${options.map((option) => `[${option.label}]`).join(' ')}`
    }
    case 'bloc':
      return (payload.items as { type: string; payload: Record<string, unknown> }[])
        .map((item) => chatContent(item.type, item.payload))
        .join('\n')
    default:
      return `${type} ${JSON.stringify(payload)}`
  }
}

export function chatLine(entry: ChatEntry, customerName: string): string {
  if (entry.role === 'notice') return `· ${entry.payload.text}`
  const who = entry.role === 'customer' ? customerName : entry.role === 'bot' ? 'Bot' : (entry.author?.name ?? 'Agent')
  const delivery = entry.delivery ? `   (${entry.delivery.ok ? '✓' : '✗'} ${entry.delivery.detail})` : ''
  return `${labelled(`${who}: `, chatContent(entry.type, entry.payload))}${delivery}`
}

export function threadLine(item: ThreadItemView): string {
  if (item.kind === 'event') return `— ${item.text}`
  const tag = item.kind === 'comment' ? '[internal comment] ' : ''
  const status = item.direction === 'OUTGOING' && item.status ? ` [${item.status}]` : ''
  const files = item.attachments.map((file) => `\n[attachment ${file.name}, ${file.mimeType}]`).join('')
  return labelled(`${tag}${item.sender}${status}: `, `${item.text}${files}`)
}

export class TranscriptPrinter {
  private chatSeen = 0
  private readonly itemsSeen = new Map<string, number>()

  public constructor(
    private readonly customerName: string,
    private readonly write: (text: string) => void,
  ) {}

  /** Prints what the customer and the agent see that they had not seen before; returns how many lines each got. */
  public printNew(state: SandboxState, threadId?: string): { customer: number; agent: number } {
    const chat = state.customers.find((customer) => customer.name === this.customerName)?.entries ?? []
    const entries = chat.slice(this.chatSeen)
    this.chatSeen = chat.length
    this.write(
      entries.length > 0
        ? `  The customer sees:\n${block(entries.map((entry) => chatLine(entry, this.customerName)))}\n`
        : '  The customer sees nothing new.\n',
    )
    const selected = state.inbox.selected
    if (!threadId || !selected || selected.id !== threadId) return { customer: entries.length, agent: 0 }
    const items = selected.items.slice(this.itemsSeen.get(threadId) ?? 0)
    this.itemsSeen.set(threadId, selected.items.length)
    const head = `thread ${selected.id} (${selected.inboxName}, ${selected.status}, ${selected.assigneeName ?? 'unassigned'})`
    this.write(
      items.length > 0
        ? `  The agent sees, in ${head}:\n${block(items.map(threadLine))}\n`
        : `  The agent sees nothing new in ${head}.\n`,
    )
    return { customer: entries.length, agent: items.length }
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

function decodeEntity(entity: string, name: string): string {
  if (!name.startsWith('#')) return ENTITIES[name.toLowerCase()] ?? entity
  const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1))
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity
}

/** A note body (HTML) as lines of text: a line per paragraph and per `<br>`. For printing, never for a page. */
export function htmlToText(html: string): string[] {
  return html
    .replace(/<br\s*\/?>|<\/(p|div|li|h[1-6]|blockquote)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, decodeEntity)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
}

const or = (value: string | null | undefined, absent: string) => value ?? absent

function contactLine(contact: CrmView['contact']): string {
  if (!contact) return 'No linked contact (anonymous customer)'
  if (!contact.found) return `Contact ${contact.id}: not in HubSpot`
  return `Contact ${contact.id}: ${or(contact.name, '(no name)')}, ${or(contact.email, 'no email')}, ${or(contact.phone, 'no phone')}`
}

function ticketLines(ticket: CrmView['ticket']): string[] {
  if (!ticket) return ['No ticket']
  if (!ticket.found) return [`Ticket ${ticket.id}: not in HubSpot`]
  const { stage, owner, marker } = ticket
  const state = stage?.closed === true ? ' (closed)' : stage?.closed === false ? ' (open)' : ''
  return [
    `Ticket ${ticket.id}: "${or(ticket.subject, '(no subject)')}"`,
    [
      `${or(ticket.pipeline?.label ?? ticket.pipeline?.id, '(no pipeline)')} / ${or(stage?.label ?? stage?.id, '(no stage)')}${state}`,
      `priority ${or(ticket.priority?.label, 'none')}`,
      `owner ${or(owner && (owner.name ?? owner.id), 'none')}`,
      `${marker.label} ${or(marker.valueLabel, 'not set')}`,
    ].join(' · '),
  ]
}

/**
 * The thread's contact, ticket and notes, as the CRM panel shows them. Each note is cut after `noteLines`
 * lines; one already in `printed` (a note on the contact, seen with an earlier thread) is only named.
 */
export function crmLines(crm: CrmView, printed = new Set<string>(), noteLines = 24): string[] {
  const lines = [contactLine(crm.contact), ...ticketLines(crm.ticket)]
  lines.push(crm.notes.length > 0 ? `Notes (${crm.notes.length}), newest first:` : 'No notes')
  for (const note of crm.notes) {
    const head = `  note ${note.id} of ${note.at}, on the ${note.on.join(' and the ')}`
    if (printed.has(note.id)) {
      lines.push(`${head}: printed above`)
      continue
    }
    printed.add(note.id)
    const text = htmlToText(note.body)
    const cut =
      text.length > noteLines ? [...text.slice(0, noteLines), `… ${text.length - noteLines} more lines`] : text
    lines.push(`${head}:`, ...cut.map((line) => `    ${line}`))
  }
  return lines
}
