import type { PropertyDefinition } from '../hubspot/crm'
import { truncateText } from '../render/split-text'

/** Ticket `content` is a long text property; we keep well under HubSpot's 65,536-character cap. */
export const MAX_TICKET_CONTENT = 60_000
/**
 * HubSpot refuses any property value over 65,536 characters (VALUE_TOO_LONG), and the ticket is opened after
 * the thread: an over-long title or custom value would fail every retry of a handoff already in the inbox.
 * A subject is a line in the agents' ticket views, so it is cut much shorter.
 */
export const MAX_TICKET_SUBJECT = 1_000

type TicketInput = {
  title?: string
  description?: string
  transcript: string
  priority?: string
  ownerId?: string
  pipelineId: string
  stageId: string
  marker?: { property: string; value: string }
  custom?: Record<string, string>
}

/**
 * The ticket's properties. Custom data whose names the account's ticket schema does not have, or that would
 * overwrite what the integration sets itself (pipeline, stage, subject…), is left out and reported in `skipped`
 * (one log line, never an error): a typo in a bot flow must not lose a handoff.
 */
export function ticketProperties(
  input: TicketInput,
  schema: ReadonlyArray<PropertyDefinition>,
): { properties: Record<string, string>; skipped: string[] } {
  const known = new Set(schema.map((property) => property.name))
  const content = [input.description?.trim(), input.transcript].filter(Boolean).join('\n\n')
  const properties: Record<string, string> = {
    subject: truncateText(input.title?.trim() || 'Conversation handed over by the bot', MAX_TICKET_SUBJECT),
    content: truncateText(content, MAX_TICKET_CONTENT),
    hs_pipeline: input.pipelineId,
    hs_pipeline_stage: input.stageId,
  }
  if (input.priority) properties.hs_ticket_priority = input.priority
  if (input.ownerId) properties.hubspot_owner_id = input.ownerId
  if (input.marker && known.has(input.marker.property)) properties[input.marker.property] = input.marker.value
  const skipped: string[] = []
  for (const [name, value] of Object.entries(input.custom ?? {})) {
    if (known.has(name) && !(name in properties)) properties[name] = truncateText(value, MAX_TICKET_CONTENT)
    else skipped.push(name)
  }
  return { properties, skipped }
}

/** Why a marker property/value cannot be used in this account, or undefined when it can. */
export function markerProblem(
  marker: { property: string; value: string },
  schema: ReadonlyArray<PropertyDefinition>,
): string | undefined {
  const property = schema.find((p) => p.name === marker.property)
  if (!property)
    return `Ticket property ${marker.property} does not exist in HubSpot; create it, or choose another marker property.`
  const options = property.options?.map((o) => o.value) ?? []
  if (options.length > 0 && !options.includes(marker.value)) {
    return `${marker.value} is not a value of ticket property ${marker.property}. Values: ${options.join(', ')}.`
  }
  return undefined
}

/** The ticket properties whose changes the bot is told of, each once (configuration followedTicketProperties). */
export const followedTicketProperties = (configuration: { followedTicketProperties?: string[] }): string[] => [
  ...new Set(configuration.followedTicketProperties ?? []),
]
