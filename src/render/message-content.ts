/**
 * One Botpress message (any default type, markdown, bloc, or something unknown) → what a HubSpot agent reads.
 *
 * Payloads come from bots and from the HITL plugin, which passes history payloads through unchanged, so they
 * are validated here field by field: a payload that does not have the expected shape, and any type we do not
 * know, is shown as `[<type> message]` with its JSON instead of being dropped, and nothing here throws.
 *
 * Text payloads are markdown in Botpress (webchat renders them so), so they are passed through; every other
 * string (titles, labels, addresses) is escaped and kept on one line. The plain `text` is always derived
 * from `markdown`, so both tell the same thing.
 */
import { markdownToPlainText } from './markdown-to-html'
import { codeSpan, escapeMarkdown, isSafeLink, markdownLink, singleLine } from './markdown-syntax'
import { truncateText } from './split-text'

export type MediaKind = 'image' | 'audio' | 'video' | 'file'

export type MediaItem = { kind: MediaKind; url: string; title?: string }

export type RenderedContent = { text: string; markdown: string; media: MediaItem[] }

export type TextPayload = { text: string }
export type MarkdownPayload = { markdown: string }
export type ImagePayload = { imageUrl: string; title?: string }
export type AudioPayload = { audioUrl: string; title?: string }
export type VideoPayload = { videoUrl: string; title?: string }
export type FilePayload = { fileUrl: string; title?: string }
export type LocationPayload = { latitude: number; longitude: number; address?: string; title?: string }
export type CardAction = { action: 'postback' | 'url' | 'say'; label: string; value: string }
export type CardPayload = { title: string; subtitle?: string; imageUrl?: string; actions: CardAction[] }
export type CarouselPayload = { items: CardPayload[] }
export type ChoiceOption = { label: string; value: string }
export type ChoicePayload = { text: string; options: ChoiceOption[] }
export type BlocPayload = { items: ParsedMessage[] }

export type KnownMessage =
  | { type: 'text'; payload: TextPayload }
  | { type: 'markdown'; payload: MarkdownPayload }
  | { type: 'image'; payload: ImagePayload }
  | { type: 'audio'; payload: AudioPayload }
  | { type: 'video'; payload: VideoPayload }
  | { type: 'file'; payload: FilePayload }
  | { type: 'location'; payload: LocationPayload }
  | { type: 'card'; payload: CardPayload }
  | { type: 'carousel'; payload: CarouselPayload }
  | { type: 'choice'; payload: ChoicePayload }
  | { type: 'dropdown'; payload: ChoicePayload }
  | { type: 'bloc'; payload: BlocPayload }

/** `known: false` keeps what could not be read, so it can still be shown. */
export type ParsedMessage = { known: true; message: KnownMessage } | { known: false; type: string; payload: unknown }

export type RawMessage = { type: string; payload: unknown }

/** Compact JSON of an unreadable payload is cut here: enough to recognise it, not a wall of text. */
export const MAX_UNKNOWN_PAYLOAD_LENGTH = 500

const MAX_TYPE_NAME_LENGTH = 60

const MEDIA_URL_FIELD = { image: 'imageUrl', audio: 'audioUrl', video: 'videoUrl', file: 'fileUrl' } as const

const MEDIA_LABEL: Record<MediaKind, string> = {
  image: '🖼️ Image',
  audio: '🔊 Audio',
  video: '🎬 Video',
  file: '📎 File',
}

const CARD_ACTIONS: readonly string[] = ['postback', 'url', 'say'] satisfies CardAction['action'][]

/** The markdown and media of a message, for callers that combine messages before converting (transcripts). */
export function renderMarkdown(message: RawMessage): Rendered {
  return renderParsed(parseMessage(message))
}

export function renderMessage(message: RawMessage): RenderedContent {
  const { markdown, media } = renderMarkdown(message)
  return { markdown, text: markdownToPlainText(markdown), media }
}

export function parseMessage(message: RawMessage): ParsedMessage {
  const type = typeof message?.type === 'string' ? message.type : ''
  const payload: unknown = message?.payload
  const known = parseKnown(type, payload)
  return known ? { known: true, message: known } : { known: false, type, payload }
}

function parseKnown(type: string, payload: unknown): KnownMessage | undefined {
  if (!isRecord(payload)) return undefined
  switch (type) {
    case 'text': {
      const text = nonBlank(payload.text)
      return text === undefined ? undefined : { type, payload: { text } }
    }
    case 'markdown': {
      const markdown = nonBlank(payload.markdown)
      return markdown === undefined ? undefined : { type, payload: { markdown } }
    }
    case 'image':
    case 'audio':
    case 'video':
    case 'file':
      return parseMedia(type, payload)
    case 'location': {
      const location = parseLocation(payload)
      return location && { type, payload: location }
    }
    case 'card': {
      const card = parseCard(payload)
      return card && { type, payload: card }
    }
    case 'carousel': {
      const items = parseList(payload.items, parseCard)
      return items && { type, payload: { items } }
    }
    case 'choice':
    case 'dropdown': {
      const choice = parseChoice(payload)
      return choice && { type, payload: choice }
    }
    case 'bloc': {
      const items = Array.isArray(payload.items) ? payload.items.map(parseBlocItem) : undefined
      return items && { type, payload: { items } }
    }
    default:
      return undefined
  }
}

function parseMedia(kind: MediaKind, payload: Record<string, unknown>): KnownMessage | undefined {
  const field = MEDIA_URL_FIELD[kind]
  const url = nonBlank(payload[field])?.trim()
  if (url === undefined) return undefined
  const title = nonBlank(payload.title)
  // Rebuilt per kind so that the discriminant and the URL field name always agree.
  const withTitle = title === undefined ? {} : { title }
  switch (kind) {
    case 'image':
      return { type: kind, payload: { imageUrl: url, ...withTitle } }
    case 'audio':
      return { type: kind, payload: { audioUrl: url, ...withTitle } }
    case 'video':
      return { type: kind, payload: { videoUrl: url, ...withTitle } }
    case 'file':
      return { type: kind, payload: { fileUrl: url, ...withTitle } }
  }
}

function parseLocation(payload: Record<string, unknown>): LocationPayload | undefined {
  const { latitude, longitude } = payload
  if (!isCoordinate(latitude, 90) || !isCoordinate(longitude, 180)) return undefined
  return { latitude, longitude, ...optionalText(payload, 'address'), ...optionalText(payload, 'title') }
}

function parseCard(value: unknown): CardPayload | undefined {
  if (!isRecord(value) || typeof value.title !== 'string') return undefined
  const actions = value.actions === undefined ? [] : parseList(value.actions, parseCardAction)
  if (!actions) return undefined
  return {
    title: value.title,
    ...optionalText(value, 'subtitle'),
    ...optionalText(value, 'imageUrl'),
    actions,
  }
}

function parseCardAction(value: unknown): CardAction | undefined {
  if (!isRecord(value) || typeof value.action !== 'string' || !CARD_ACTIONS.includes(value.action)) return undefined
  const label = typeof value.label === 'string' ? value.label : undefined
  const actionValue = scalarText(value.value)
  if (label === undefined || actionValue === undefined) return undefined
  return { action: value.action as CardAction['action'], label, value: actionValue }
}

function parseChoice(payload: Record<string, unknown>): ChoicePayload | undefined {
  const text = typeof payload.text === 'string' ? payload.text : undefined
  const options = parseList(payload.options, parseOption)
  return text === undefined || !options ? undefined : { text, options }
}

function parseOption(value: unknown): ChoiceOption | undefined {
  if (!isRecord(value) || typeof value.label !== 'string') return undefined
  const optionValue = scalarText(value.value)
  return optionValue === undefined ? undefined : { label: value.label, value: optionValue }
}

/** Bloc items are read like messages; a bloc inside a bloc is not a Botpress shape and stays unknown. */
function parseBlocItem(item: unknown): ParsedMessage {
  const raw = isRecord(item) ? { type: String(item.type ?? ''), payload: item.payload } : { type: '', payload: item }
  if (raw.type === 'bloc') return { known: false, ...raw }
  return parseMessage(raw)
}

/** All-or-nothing: a list with one unreadable entry is shown as JSON rather than silently shortened. */
function parseList<T>(value: unknown, parse: (item: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(value)) return undefined
  const items: T[] = []
  for (const entry of value) {
    const item = parse(entry)
    if (item === undefined) return undefined
    items.push(item)
  }
  return items
}

type Rendered = { markdown: string; media: MediaItem[] }

function renderParsed(parsed: ParsedMessage): Rendered {
  return parsed.known
    ? renderKnown(parsed.message)
    : { markdown: renderUnknown(parsed.type, parsed.payload), media: [] }
}

function renderKnown(message: KnownMessage): Rendered {
  switch (message.type) {
    case 'text':
      return { markdown: message.payload.text, media: [] }
    case 'markdown':
      return { markdown: message.payload.markdown, media: [] }
    case 'image':
      return renderMedia('image', message.payload.imageUrl, message.payload.title)
    case 'audio':
      return renderMedia('audio', message.payload.audioUrl, message.payload.title)
    case 'video':
      return renderMedia('video', message.payload.videoUrl, message.payload.title)
    case 'file':
      return renderMedia('file', message.payload.fileUrl, message.payload.title)
    case 'location':
      return { markdown: renderLocation(message.payload), media: [] }
    case 'card':
      return { markdown: renderCard(message.payload, '🃏 Card').join('\n'), media: [] }
    case 'carousel':
      return { markdown: renderCarousel(message.payload).join('\n'), media: [] }
    case 'choice':
      return { markdown: renderChoice(message.payload, '🔘 Choices'), media: [] }
    case 'dropdown':
      return { markdown: renderChoice(message.payload, '🔽 Dropdown'), media: [] }
    case 'bloc':
      return renderBloc(message.payload)
  }
}

/**
 * Only http(s) media become attachments: the caller downloads them, and other schemes cannot be fetched.
 * The line always carries the link, so the agent can open the media even if the upload fails.
 */
function renderMedia(kind: MediaKind, url: string, title: string | undefined): Rendered {
  const item = { kind, url, ...(title === undefined ? {} : { title }) }
  return { markdown: mediaLine(item), media: /^https?:/i.test(url) ? [item] : [] }
}

/** A media's own paragraph in a message: its kind and its link. */
function mediaLine({ kind, url, title }: MediaItem): string {
  return `${MEDIA_LABEL[kind]}: ${markdownLink(title ?? url, url)}`
}

/**
 * The content once some of its media became attachments: their link paragraphs go, so the agent sees each file
 * once (the link stays for a file that could not be attached). When nothing else is left, the text is the files'
 * names, because a message needs a text and the inbox previews the thread with it.
 */
export function withoutAttachedLinks(
  content: RenderedContent,
  attached: { item: MediaItem; name: string }[],
): RenderedContent {
  if (attached.length === 0) return content
  const lines = new Set(attached.map(({ item }) => mediaLine(item)))
  // Media are whole paragraphs of a message (a bloc joins its items with a blank line), so this cuts nothing else.
  const markdown = content.markdown
    .split('\n\n')
    .filter((paragraph) => !lines.has(paragraph))
    .join('\n\n')
  const kept = markdown.trim() ? markdown : escapeMarkdown(attached.map(({ name }) => name).join(', '))
  return { markdown: kept, text: markdownToPlainText(kept), media: content.media }
}

function renderLocation({ latitude, longitude, address, title }: LocationPayload): string {
  const coordinates = `${formatCoordinate(latitude)}, ${formatCoordinate(longitude)}`
  const mapUrl = `https://www.google.com/maps?q=${formatCoordinate(latitude)},${formatCoordinate(longitude)}`
  const place = [title, address].map((part) => singleLine(part ?? '')).filter(Boolean)
  const described = place.length > 0 ? `${escapeMarkdown(place.join(', '))} — ` : ''
  return `📍 Location: ${described}${markdownLink(coordinates, mapUrl)}`
}

/**
 * Card images are decoration, so they stay links and are not listed as attachments: a carousel would
 * otherwise flood the conversation with pictures.
 */
function renderCard(card: CardPayload, label: string): string[] {
  const title = singleLine(card.title)
  const lines = [title ? `${label}: **${escapeMarkdown(title)}**` : `${label}:`]
  const subtitle = singleLine(card.subtitle ?? '')
  if (subtitle) lines.push(escapeMarkdown(subtitle))
  if (card.imageUrl) lines.push(`${MEDIA_LABEL.image}: ${markdownLink(card.imageUrl, card.imageUrl)}`)
  if (card.actions.length > 0) lines.push(`Buttons: ${card.actions.map(renderCardAction).join(' · ')}`)
  return lines
}

function renderCardAction({ action, label, value }: CardAction): string {
  if (action === 'url') return markdownLink(label, value)
  return labelWithValue(label, value)
}

function renderCarousel({ items }: CarouselPayload): string[] {
  const cards = items.flatMap((card, i) => renderCard(card, `🃏 Card ${i + 1}/${items.length}`))
  return [`🎠 Carousel (${items.length} ${items.length === 1 ? 'card' : 'cards'}):`, ...cards]
}

function renderChoice({ text, options }: ChoicePayload, label: string): string {
  const listed = options.length > 0 ? options.map((o) => labelWithValue(o.label, o.value)).join(' · ') : '(none)'
  const line = `${label}: ${listed}`
  return text.trim() ? `${text}\n${line}` : line
}

/** The value is what comes back when the customer picks the option, so the agent can match the reply. */
function labelWithValue(label: string, value: string): string {
  const shownLabel = singleLine(label)
  const shownValue = singleLine(value)
  if (!shownValue || shownValue === shownLabel) return escapeMarkdown(shownLabel)
  return escapeMarkdown(shownLabel ? `${shownLabel} (${shownValue})` : shownValue)
}

/** Items are separate paragraphs: a text item may end in a list that would swallow the next line. */
function renderBloc({ items }: BlocPayload): Rendered {
  const rendered = items.map(renderParsed)
  return {
    markdown: rendered.map((item) => item.markdown).join('\n\n'),
    media: rendered.flatMap((item) => item.media),
  }
}

function renderUnknown(type: string, payload: unknown): string {
  const name = truncateText(singleLine(type), MAX_TYPE_NAME_LENGTH) || 'untyped'
  const label = escapeMarkdown(`[${name} message]`)
  const readable = readableParts(payload)
  if (readable.length > 0) return `${label} ${readable.join(' · ')}`
  const json = compactJson(payload)
  return json === undefined ? label : `${label} ${codeSpan(truncateText(json, MAX_UNKNOWN_PAYLOAD_LENGTH))}`
}

/** Payload fields that carry words a person wrote, in whatever message type they appear (custom components too). */
const READABLE_FIELDS = ['title', 'subtitle', 'text', 'markdown', 'description', 'caption', 'label', 'name']
const MAX_READABLE_PARTS = 12
const MAX_READABLE_DEPTH = 4

/**
 * What an agent can read of a payload of a type we do not know: its texts, titles and links, found at any depth
 * (a custom component keeps them in `data`), each once, in the order they appear. Empty when there are none.
 */
function readableParts(payload: unknown): string[] {
  const parts = new Set<string>()
  const visit = (value: unknown, key: string | undefined, depth: number): void => {
    if (parts.size >= MAX_READABLE_PARTS || depth > MAX_READABLE_DEPTH) return
    if (typeof value === 'string') {
      const text = singleLine(value)
      if (isSafeLink(text) && !/\s/.test(text)) parts.add(markdownLink(text, text))
      else if (text && key !== undefined && READABLE_FIELDS.includes(key)) {
        parts.add(escapeMarkdown(truncateText(text, MAX_UNKNOWN_PAYLOAD_LENGTH)))
      }
    } else if (Array.isArray(value)) value.forEach((item) => visit(item, key, depth + 1))
    else if (isRecord(value)) for (const [name, item] of Object.entries(value)) visit(item, name, depth + 1)
  }
  visit(payload, undefined, 0)
  return [...parts]
}

function compactJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value)
  } catch {
    return '(payload cannot be shown)'
  }
}

function formatCoordinate(value: number): string {
  // Six decimals are ~10 cm: more is noise from the sender's float formatting.
  return String(Number(value.toFixed(6)))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isCoordinate(value: unknown, limit: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit
}

function nonBlank(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined
}

function optionalText<K extends string>(record: Record<string, unknown>, key: K): { [P in K]?: string } {
  const value = nonBlank(record[key])
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string }
}
