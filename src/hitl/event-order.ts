import type { hitlConversationTags } from '../../definitions/tags'

/** The thread properties whose last applied app event is recorded on the HITL conversation, and in which tag. */
export const ORDER_TAGS = {
  assignedTo: 'assignedToEvent',
  status: 'statusEvent',
  isArchived: 'isArchivedEvent',
} as const satisfies Record<string, keyof typeof hitlConversationTags>

export type OrderedProperty = keyof typeof ORDER_TAGS

/** The identity of an app event for ordering: when it happened in HubSpot, and its id. */
export type EventStamp = { at: number; id: string }

type EventOrder = 'older' | 'same' | 'newer'

export function stampOf(event: { occurredAt?: number; eventId?: string }, now: number = Date.now()): EventStamp {
  return { at: event.occurredAt ?? now, id: event.eventId ?? '' }
}

/** A stamp as a tag value (`occurredAt:eventId`), and back; an unreadable value records nothing. */
export const formatStamp = (stamp: EventStamp) => `${stamp.at}:${stamp.id}`

export function parseStamp(value: string | undefined): EventStamp | undefined {
  const match = value ? /^(\d+):(.*)$/.exec(value) : null
  return match ? { at: Number(match[1]), id: match[2]! } : undefined
}

/**
 * How an app event relates to the last one applied for the same property: 'older' (it happened before, a late
 * redelivery or a replay: applying it would undo the newer one), 'same' (that very event again), or 'newer'.
 * Events of one instant with different ids are both applied, in arrival order.
 */
export function compareStamps(last: EventStamp | undefined, stamp: EventStamp): EventOrder {
  if (!last) return 'newer'
  if (stamp.at < last.at) return 'older'
  if (stamp.at === last.at && stamp.id === last.id) return 'same'
  return 'newer'
}
