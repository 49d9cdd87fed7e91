import { markdownLink } from '../render/markdown-syntax'

/** Record pages in HubSpot: contacts are object type 0-1, tickets 0-5. */
export const recordUrl = (hubId: number | undefined, objectTypeId: '0-1' | '0-5', id: string) =>
  hubId ? `https://app.hubspot.com/contacts/${hubId}/record/${objectTypeId}/${id}` : undefined

/**
 * HubSpot's contact list searched for `query` (an email or phone), where an agent finds and links the contact an
 * unverified customer claims to be. The URL form is assumed (docs/hubspot-facts.md): HubSpot documents no deep link.
 */
export const contactSearchUrl = (hubId: number | undefined, query: string) =>
  hubId
    ? `https://app.hubspot.com/contacts/${hubId}/objects/0-1/views/all/list?query=${encodeURIComponent(query)}`
    : undefined

/**
 * Where the session's ticket and contact are, as a closing line of the opening message: the agent finds them
 * there without an extra comment (and an extra HubSpot call) for every handoff. Undefined when there are none.
 */
export function handoffLinks(
  hubId: number | undefined,
  ids: { ticketId?: string; contactId?: string },
): { markdown: string; text: string } | undefined {
  const links = [
    ids.ticketId && { label: `Ticket ${ids.ticketId}`, url: recordUrl(hubId, '0-5', ids.ticketId) },
    ids.contactId && { label: `Contact ${ids.contactId}`, url: recordUrl(hubId, '0-1', ids.contactId) },
  ].filter((link): link is { label: string; url: string } => Boolean(link && link.url))
  if (links.length === 0) return undefined
  return {
    markdown: `**In HubSpot:** ${links.map((link) => markdownLink(link.label, link.url)).join(' · ')}`,
    text: `In HubSpot: ${links.map((link) => `${link.label} (${link.url})`).join(' · ')}`,
  }
}

/**
 * The internal note the agent sees first when the bot says why it escalated, or when the customer's email or phone
 * is unverified: that warning, the reason, the customer's mood and language, with the priority and where the ticket
 * is. Undefined when there is neither a warning nor anything the bot said.
 */
export function handoffNote(input: {
  identityWarning?: string
  reason?: string
  sentiment?: string
  language?: string
  priority?: string
  ticketUrl?: string
  contactUrl?: string
}): string | undefined {
  if (!input.identityWarning && !input.reason && !input.sentiment && !input.language) return undefined
  const lines = [
    input.identityWarning,
    input.reason && `Reason: ${input.reason}`,
    input.sentiment && `Sentiment: ${input.sentiment}`,
    input.language && `Language: ${input.language}`,
    input.priority && `Priority: ${input.priority}`,
    input.ticketUrl && `Ticket: ${input.ticketUrl}`,
    input.contactUrl && `Contact: ${input.contactUrl}`,
  ].filter(Boolean)
  return ['🤖 Handoff from the bot', ...lines].join('\n')
}
