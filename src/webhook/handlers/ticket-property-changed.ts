import * as bp from '.botpress'
import type { HubSpotClient } from '../../hubspot'
import { followedTicketProperties } from '../../crm/ticket-properties'
import { stampOf } from '../../hitl/event-order'
import { findSessionByTicket } from '../../hitl/find-session'
import { applyTicketPropertyChange } from '../../hitl/ticket-changes'
import type { AppEvent } from '../events'

/**
 * A ticket property changed in HubSpot. Told to the bot only for a property this install follows and a ticket it
 * opened for a session (open or ended: a flow that resumed after the handoff wants the new value too); anything
 * else (another bot's ticket, a ticket no handoff opened, a property another install follows) leaves no trace.
 */
export async function handleTicketPropertyChanged(event: AppEvent, props: bp.HandlerProps, _hubspot: HubSpotClient) {
  const property = event.propertyName!
  if (!followedTicketProperties(props.ctx.configuration).includes(property)) return
  const session = await findSessionByTicket(props.client, event.objectId)
  if (!session) return
  await applyTicketPropertyChange(props.client, props.logger.forBot(), session, {
    ticketId: event.objectId,
    property,
    value: event.propertyValue ?? '',
    stamp: stampOf(event),
    source: event.changeSource,
    sourceId: event.sourceId,
  })
}
