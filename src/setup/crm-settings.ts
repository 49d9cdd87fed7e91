import { RuntimeError } from '@botpress/sdk'
import * as bp from '.botpress'
import { ticketPipelines, ticketSchema } from '../crm/account-schema'
import { resolveTicketPipeline } from '../crm/pipelines'
import { crmSettings } from '../crm/settings'
import { markerProblem } from '../crm/ticket-properties'
import type { HubSpotClient } from '../hubspot'
import { HubSpotBadRequestError, HubSpotNotFoundError } from '../hubspot/errors'

/**
 * Checks the ticket settings against the account before any session needs them: the pipeline and stage
 * exist, the default owner exists, the marker property exists and accepts its value. Each error lists the
 * valid choices.
 */
export async function verifyCrmSettings(hubspot: HubSpotClient, ctx: bp.Context): Promise<void> {
  const settings = crmSettings(ctx.configuration)
  if (!settings.createTicket) return
  const resolved = resolveTicketPipeline(await ticketPipelines(hubspot), settings.pipelineId, settings.stageId)
  if ('error' in resolved) throw new RuntimeError(resolved.error)
  if (settings.marker) {
    const problem = markerProblem(settings.marker, await ticketSchema(hubspot))
    if (problem) throw new RuntimeError(problem)
  }
  if (settings.ownerId) await verifyOwner(hubspot, settings.ownerId)
}

async function verifyOwner(hubspot: HubSpotClient, ownerId: string): Promise<void> {
  try {
    await hubspot.crm.getOwner(ownerId)
  } catch (thrown) {
    if (!(thrown instanceof HubSpotNotFoundError || thrown instanceof HubSpotBadRequestError)) throw thrown
    const owners = await hubspot.crm.listOwners()
    const listed = owners
      .map((o) => `${o.id} (${[o.firstName, o.lastName].filter(Boolean).join(' ') || o.email})`)
      .join(', ')
    throw new RuntimeError(`Default ticket owner ${ownerId} does not exist in HubSpot. Owners: ${listed || 'none'}.`)
  }
}
