import * as bp from '.botpress'
import { userActorId } from './assignment'
import type { EventStamp } from './event-order'
import type { SessionRecord } from './session-record'

type Logger = { info(message: string): void; warn(message: string): void }

/** A change of a followed property on a session's ticket, as HubSpot's ticket.propertyChange event tells it. */
export type TicketPropertyChange = {
  ticketId: string
  property: string
  /** Empty when the property was cleared. */
  value: string
  stamp: EventStamp
  /** HubSpot's changeSource (CRM_UI, API, AUTOMATION…). */
  source?: string
  /** HubSpot's sourceId: `userId:<n>` when a user made the change. */
  sourceId?: string
}

const hubspotUserOf = (sourceId: string | undefined) => /^userId:(\d+)$/.exec(sourceId?.trim() ?? '')?.[1]

/** The Botpress user of the session's agent, when that agent made the change: known from the tags, no call. */
function knownAgentOf(session: SessionRecord, hubspotUserId: string | undefined): string | undefined {
  if (!hubspotUserId || session.assignedActorId !== userActorId(hubspotUserId)) return undefined
  return session.knownAgent
}

/**
 * Tells the bot of a changed ticket property (event ticketPropertyChanged), then records the new value in the
 * session's tags. Only the newest change of a property counts: an event older than the one recorded, or that one
 * again (a redelivery, a replay), tells nothing and records nothing. The caller runs the changes of one ticket one
 * at a time and reads the session just before (the dispatcher's lock), so parallel copies see each other's tag.
 *
 * The event goes first and the record after: should the tag write fail, HubSpot's redelivery tells the bot again
 * (a duplicate, never a loss). Botpress has no idempotency key for events, so the bot can also be told twice when
 * the same change reaches two instances at once, or when the tag write fails after the event was created.
 */
export async function applyTicketPropertyChange(
  client: bp.Client,
  logger: Logger,
  session: SessionRecord,
  change: TicketPropertyChange,
): Promise<void> {
  if (session.compareWithTicketProperty(change.property, change.stamp) !== 'newer') return
  const oldValue = session.ticketProperties[change.property]?.value
  // A newer event that sets the value the tag holds (saved again unchanged) is recorded, not told.
  if (oldValue !== change.value) await tellBot(client, session, change, oldValue)
  const { cut, dropped } = await session.recordTicketProperty(change.property, change.value, change.stamp)
  if (cut || dropped.length > 0) {
    logger.warn(
      `The ticketProperties tag of conversation ${session.id} has limited room: ` +
        [
          cut && `the new value of ${change.property} is kept shortened (the event carried it whole)`,
          dropped.length > 0 && `${dropped.join(', ')} (changed longest ago) are no longer kept`,
        ]
          .filter(Boolean)
          .join('; '),
    )
  }
}

async function tellBot(client: bp.Client, session: SessionRecord, change: TicketPropertyChange, oldValue?: string) {
  const hubspotUserId = hubspotUserOf(change.sourceId)
  const agentUserId = knownAgentOf(session, hubspotUserId)
  await client.createEvent({
    type: 'ticketPropertyChanged',
    conversationId: session.id,
    payload: {
      conversationId: session.id,
      ticketId: change.ticketId,
      property: change.property,
      ...(oldValue !== undefined && { oldValue }),
      newValue: change.value,
      changedBy: {
        source: change.source ?? 'UNKNOWN',
        ...(hubspotUserId && { hubspotUserId }),
        ...(agentUserId && { agentUserId }),
      },
      changedAt: new Date(change.stamp.at).toISOString(),
    },
  })
}
