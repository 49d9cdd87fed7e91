import * as bp from '.botpress'
import { finishSessionInCrm } from '../../crm/session-end'
import type { HubSpotClient } from '../../hubspot'
import { stampOf, type OrderedProperty } from '../../hitl/event-order'
import { findSessionByThread } from '../../hitl/find-session'
import { claimSessionEnd } from '../../hitl/session-state'
import type { AppEvent } from '../events'
import { activeOrRedeliver, RedeliveryWanted } from '../../hitl/activation'

type Props = bp.HandlerProps

/** status and isArchived changes are ordered; a deletion is final whenever it comes. */
const orderedProperty = (event: AppEvent): OrderedProperty | undefined =>
  event.propertyName === 'status' || event.propertyName === 'isArchived' ? event.propertyName : undefined

/**
 * The agent closed, archived or deleted the thread: hitlStopped and the CRM follow-up, once per session.
 * A session the bot ended itself (stopHitl) holds the claim already, so HubSpot's CLOSED echo emits
 * nothing back at the bot. A close while the HITL plugin may not have activated the session yet is held for the
 * activation, else left to HubSpot's redelivery: the plugin would drop hitlStopped and keep the customer in a
 * session nobody answers.
 * A close older than a reopening already recorded (its redelivery came late) ends nothing.
 */
export async function handleThreadEnded(event: AppEvent, props: Props, hubspot: HubSpotClient): Promise<void> {
  const { client } = props
  const session = await findSessionByThread(client, event.objectId)
  if (!session) return
  const property = orderedProperty(event)
  if (property && session.compareWithApplied(property, stampOf(event)) === 'older') return
  if (session.isOpen) await activeOrRedeliver(session)
  const closedAt = new Date(event.occurredAt ?? Date.now()).toISOString()
  const claim = await claimSessionEnd(client, session, 'agent', closedAt)
  // Another call is ending the session right now (the bot's stopHitl, whose close this is the echo of): HubSpot's
  // redelivery comes back when that call finished, or takes over its claim if it failed.
  if (claim === 'in-progress') throw new RedeliveryWanted(`session ${session.id} is being ended by another call`)
  if (claim === 'finished') return
  if (claim.closedBy === 'agent') {
    // Not recorded on its own: a takeover may emit it again, which the plugin ignores for a session it ended.
    await claim.step('hitlStopped', async () => {
      const payload = { conversationId: session.id }
      await client.createEvent({ type: 'hitlStopped', conversationId: session.id, payload })
    })
  }
  await finishSessionInCrm({ props, hubspot, session, claim })
  await claim.finish()
}

/** The thread was reopened or restored while the session is open: recorded, so an older close is recognised. */
export async function handleThreadReopened(event: AppEvent, props: Props): Promise<void> {
  const session = await findSessionByThread(props.client, event.objectId)
  const property = orderedProperty(event)
  if (!session || !session.isOpen || !property) return
  const stamp = stampOf(event)
  if (session.compareWithApplied(property, stamp) !== 'newer') return
  await session.recordApplied(property, stamp)
}
