import * as bp from '.botpress'

type Configuration = bp.configuration.Configuration
type Ticket = bp.entities.ticket.Ticket

export type CrmSettings = {
  matchContacts: boolean
  linkUnverifiedContacts: boolean
  createTicket: boolean
  transcriptNotes: boolean
  pipelineId?: string
  stageId?: string
  ownerId?: string
  marker?: { property: string; value: string }
}

/**
 * The CRM switches for one session: configuration defaults (applied again here, in case a configuration
 * was saved before the field existed) and the session's own overrides from the Start HITL card.
 */
export function crmSettings(config: Configuration, ticket?: Ticket): CrmSettings {
  const markerProperty = config.ticketMarkerProperty ?? 'source_type'
  const markerValue = config.ticketMarkerValue ?? 'CHAT'
  return {
    matchContacts: config.matchContacts ?? true,
    linkUnverifiedContacts: config.linkUnverifiedContacts ?? true,
    createTicket: ticket?.createTicket ?? config.createTickets ?? true,
    transcriptNotes: config.transcriptNotes ?? true,
    pipelineId: config.ticketPipelineId || undefined,
    stageId: config.ticketStageId || undefined,
    ownerId: ticket?.ownerId || config.defaultOwnerId || undefined,
    marker: markerProperty && markerValue ? { property: markerProperty, value: markerValue } : undefined,
  }
}
