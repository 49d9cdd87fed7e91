import { formatStamp, parseStamp, type EventStamp } from './event-order'

/** A followed ticket property's latest value, and the change event it came from (`occurredAt:eventId`). */
export type TicketPropertyEntry = { value: string; at: string }
export type TicketPropertyValues = Record<string, TicketPropertyEntry>

/**
 * Botpress publishes no length limit for a tag value that we could find; ASSUMED: a value of a few thousand
 * characters is kept. The JSON is held under this size so it stays safe should the real limit be small.
 */
export const MAX_TICKET_PROPERTIES_TAG = 2_000
/** A longer value (a description, a long custom text) is kept cut, ending in "…"; the event carries it whole. */
export const MAX_RECORDED_VALUE = 500

const isEntry = (entry: unknown): entry is TicketPropertyEntry =>
  typeof entry === 'object' &&
  entry !== null &&
  typeof (entry as TicketPropertyEntry).value === 'string' &&
  typeof (entry as TicketPropertyEntry).at === 'string'

/** The recorded values; an unreadable tag (hand-edited, truncated) reads as none recorded. */
export function parseTicketProperties(raw: string | undefined): TicketPropertyValues {
  if (!raw) return {}
  try {
    const parsed: unknown = JSON.parse(raw)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {}
    return Object.fromEntries(Object.entries(parsed).filter(([, entry]) => isEntry(entry))) as TicketPropertyValues
  } catch {
    return {}
  }
}

export type RecordedTicketProperties = {
  json: string
  /** The new value was kept cut to MAX_RECORDED_VALUE. */
  cut: boolean
  /** Other properties left out to stay under the size, least recently changed first. */
  dropped: string[]
}

/**
 * The tag value with `property` set to `value` as of `stamp`. Past the size, the properties changed longest ago
 * are left out (a later change of one of them then has no old value, and a late copy of its last change is
 * told again).
 */
export function withTicketProperty(
  current: TicketPropertyValues,
  property: string,
  value: string,
  stamp: EventStamp,
  maxLength: number = MAX_TICKET_PROPERTIES_TAG,
): RecordedTicketProperties {
  const cut = value.length > MAX_RECORDED_VALUE
  const kept = cut ? `${value.slice(0, MAX_RECORDED_VALUE - 1)}…` : value
  const entries: TicketPropertyValues = { ...current, [property]: { value: kept, at: formatStamp(stamp) } }
  const oldestFirst = Object.keys(current)
    .filter((name) => name !== property)
    .sort((a, b) => (parseStamp(current[a]!.at)?.at ?? 0) - (parseStamp(current[b]!.at)?.at ?? 0))
  const dropped: string[] = []
  while (JSON.stringify(entries).length > maxLength && oldestFirst.length > 0) {
    const name = oldestFirst.shift()!
    delete entries[name]
    dropped.push(name)
  }
  return { json: JSON.stringify(entries), cut, dropped }
}
