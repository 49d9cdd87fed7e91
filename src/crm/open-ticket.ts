import { RuntimeError } from '@botpress/sdk'
import type { HubSpotClient } from '../hubspot'
import { ASSOCIATION, associationTo } from '../hubspot/crm'
import { ticketPipelines, ticketSchema } from './account-schema'
import { resolveTicketPipeline } from './pipelines'
import type { CrmSettings } from './settings'
import { ticketProperties } from './ticket-properties'

type Logger = { warn(message: string): void }

/** The line that carries a ticket's reference in its description: one word HubSpot's search can match. */
const referenceLine = (reference: string) => `Botpress handoff reference: ${reference}`

/**
 * The ticket an earlier attempt of the same handoff created, found by the reference it wrote into the ticket, or
 * undefined. HubSpot's search index trails a creation by a few seconds, so a retry sooner than that is not
 * guaranteed to find it.
 */
export async function findTicketByReference(
  hubspot: HubSpotClient,
  reference: string,
): Promise<{ ticketId: string; pipelineId: string } | undefined> {
  const { results } = await hubspot.crm.search('tickets', {
    filterGroups: [{ filters: [{ propertyName: 'content', operator: 'CONTAINS_TOKEN', value: reference }] }],
    properties: ['hs_pipeline'],
    limit: 1,
  })
  const [ticket] = results
  return ticket ? { ticketId: ticket.id, pipelineId: ticket.properties.hs_pipeline ?? '' } : undefined
}

/**
 * Opens the handoff's ticket, linked to the contact when there is one. Returns its id and pipeline. Its
 * description starts with `reference` (see findTicketByReference).
 */
export async function openTicket(args: {
  hubspot: HubSpotClient
  reference: string
  settings: CrmSettings
  title?: string
  description?: string
  /** The customer's email or phone was not verified: said in the description, which every account's tickets have. */
  identityWarning?: string
  transcript: string
  priority?: string
  custom?: Record<string, string>
  contactId?: string
  logger: Logger
}): Promise<{ ticketId: string; pipelineId: string }> {
  const { hubspot, settings, logger } = args
  const [pipelines, schema] = await Promise.all([ticketPipelines(hubspot), ticketSchema(hubspot)])
  const resolved = resolveTicketPipeline(pipelines, settings.pipelineId, settings.stageId)
  if ('error' in resolved) throw new RuntimeError(resolved.error)
  const { properties, skipped } = ticketProperties(
    {
      title: args.title,
      description: [referenceLine(args.reference), args.identityWarning, args.description].filter(Boolean).join('\n\n'),
      transcript: args.transcript,
      priority: args.priority,
      ownerId: settings.ownerId,
      pipelineId: resolved.pipeline.id,
      stageId: resolved.stage.id,
      marker: settings.marker,
      custom: args.custom,
    },
    schema,
  )
  if (skipped.length > 0)
    logger.warn(
      `Ticket properties skipped (no such ticket property in the HubSpot account, or one the integration sets itself): ${skipped.join(', ')}`,
    )
  const associations = args.contactId ? [associationTo(args.contactId, ASSOCIATION.ticketToContact)] : []
  const ticket = await hubspot.crm.create('tickets', properties, associations)
  return { ticketId: ticket.id, pipelineId: resolved.pipeline.id }
}
