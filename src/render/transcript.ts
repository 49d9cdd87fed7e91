/**
 * The opening message of a handoff: what the bot knew, then the whole conversation so far, so the agent
 * does not have to ask the customer to repeat themselves.
 *
 * Layout (markdown; the HTML has one paragraph per block and a line break per line):
 *
 *   **Refund for order 1234**                      ← title, when given
 *   Customer says the parcel never arrived.        ← description, when given (markdown kept)
 *
 *   **Conversation before the handoff (4 messages):**
 *
 *   **Alice:** Hi, where is my parcel?
 *
 *   **Bot:** Which order is it about?
 *   🔘 Choices: Order 1234 · Order 5678 (o-5678)
 *
 *   **Alice:** 📎 File: [receipt.pdf](https://files.example/receipt.pdf)
 *
 *   **Bot:** I have escalated this conversation to a human agent.
 *
 * Every history entry gets its own paragraph, in history order, starting with who wrote it: the customer's
 * name for user entries, the bot's name ("Bot" by default) for bot entries. Content that starts with a
 * block (list, heading, quote, code fence) begins on the line after the name so it keeps its formatting.
 * The plain `text` is the same layout with the markup removed.
 */
import { markdownToPlainText } from './markdown-to-html'
import { escapeMarkdown, singleLine } from './markdown-syntax'
import { MediaItem, renderMarkdown } from './message-content'
import { withoutBidiControls } from './bidi'

export type HistoryEntry = {
  source: { type: 'user'; userId: string } | { type: 'bot' }
  type: string
  payload: unknown
}

/** A media item of the transcript, with the history entry it came from (0-based) and who sent it. */
type TranscriptMedia = MediaItem & { entryIndex: number; author: string }

export type Transcript = { text: string; markdown: string; media: TranscriptMedia[] }

type TranscriptInput = {
  title?: string
  description?: string
  history: ReadonlyArray<HistoryEntry>
  customerName: string
  botName?: string
}

const DEFAULT_BOT_NAME = 'Bot'
const DEFAULT_CUSTOMER_NAME = 'Customer'

/** Markers that only act at the start of a line: after "**Name:** " they would show as plain characters. */
const STARTS_WITH_BLOCK = /^ {0,3}(?:[-+*] |\d{1,9}[.)] |#{1,6}(?: |$)|>|```|~~~|\|)/

export function buildTranscript(input: TranscriptInput): Transcript {
  const customer = displayName(input.customerName, DEFAULT_CUSTOMER_NAME)
  const bot = displayName(input.botName, DEFAULT_BOT_NAME)
  const media: TranscriptMedia[] = []
  const entries = input.history.map((entry, entryIndex) => {
    const author = isUserEntry(entry) ? customer : bot
    // Markdown only: the plain text is made once, from the whole transcript, below.
    const content = renderMarkdown({ type: entry?.type, payload: entry?.payload })
    media.push(...content.media.map((item) => ({ ...item, entryIndex, author })))
    return attributed(author, content.markdown)
  })
  const markdown = [...header(input), historyHeading(entries.length), ...entries].join('\n\n')
  return { text: markdownToPlainText(markdown), markdown, media }
}

/**
 * A single line from the bot or the HITL plugin (e.g. "( The user has ended the session. )") as plain text
 * for the agent, marked so that it never reads as the customer's words.
 */
export function formatSystemNotice(text: string, botName?: string): string {
  return `🤖 ${displayName(botName, DEFAULT_BOT_NAME)}: ${text.trim()}`
}

function attributed(author: string, markdown: string): string {
  const label = `**${escapeMarkdown(author)}:**`
  return STARTS_WITH_BLOCK.test(markdown) ? `${label}\n${markdown}` : `${label} ${markdown}`
}

function header({ title, description }: TranscriptInput): string[] {
  const shownTitle = singleLine(title ?? '')
  const lines = [shownTitle && `**${escapeMarkdown(shownTitle)}**`, description?.trim()]
  const present = lines.filter((line): line is string => Boolean(line))
  return present.length > 0 ? [present.join('\n')] : []
}

function historyHeading(count: number): string {
  if (count === 0) return '**Conversation before the handoff:** no messages.'
  return `**Conversation before the handoff (${count} ${count === 1 ? 'message' : 'messages'}):**`
}

/** History comes from bots: anything that is not clearly the user is attributed to the bot, never to the customer. */
function isUserEntry(entry: HistoryEntry | undefined): boolean {
  return entry?.source?.type === 'user'
}

function displayName(name: string | undefined, fallback: string): string {
  return singleLine(withoutBidiControls(name ?? '')) || fallback
}
