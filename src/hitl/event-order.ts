import type { hitlConversationTags } from '../../definitions/tags'

type Tags = Record<string, string | undefined>

/** The thread properties whose last applied app event is recorded on the HITL conversation, and in which tag. */
const ORDER_TAGS = {
  assignedTo: 'assignedToEvent',
  status: 'statusEvent',
  isArchived: 'isArchivedEvent',
} as const satisfies Record<string, keyof typeof hitlConversationTags>

export type OrderedProperty = keyof typeof ORDER_TAGS

/** The identity of an app event for ordering: when it happened in HubSpot, and its id. */
export type EventStamp = { at: number; id: string }

export function stampOf(event: { occurredAt?: number; eventId?: string }, now: number = Date.now()): EventStamp {
  return { at: event.occurredAt ?? now, id: event.eventId ?? '' }
}

function recorded(tags: Tags, property: OrderedProperty): EventStamp | undefined {
  const value = tags[ORDER_TAGS[property]]
  const match = value ? /^(\d+):(.*)$/.exec(value) : null
  return match ? { at: Number(match[1]), id: match[2]! } : undefined
}

/**
 * How an app event for one property of a thread relates to the last one applied: 'older' (it happened before, a
 * late redelivery or a replay: applying it would undo the newer one), 'same' (that very event again), or 'newer'.
 * Events of one instant with different ids are both applied, in arrival order.
 */
export function compareWithApplied(tags: Tags, property: OrderedProperty, stamp: EventStamp) {
  const last = recorded(tags, property)
  if (!last) return 'newer'
  if (stamp.at < last.at) return 'older'
  if (stamp.at === last.at && stamp.id === last.id) return 'same'
  return 'newer'
}

/** The tag that records `stamp` as the last applied event of `property`, to write with the change it made. */
export function appliedTag(property: OrderedProperty, stamp: EventStamp): Tags {
  return { [ORDER_TAGS[property]]: `${stamp.at}:${stamp.id}` }
}
