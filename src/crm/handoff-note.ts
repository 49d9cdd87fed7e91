/** Record pages in HubSpot: contacts are object type 0-1, tickets 0-5. */
export const recordUrl = (hubId: number | undefined, objectTypeId: '0-1' | '0-5', id: string) =>
  hubId ? `https://app.hubspot.com/contacts/${hubId}/record/${objectTypeId}/${id}` : undefined

/**
 * The internal note the agent sees first: why the bot escalated, the customer's mood and language, the
 * priority, and where the ticket is. Undefined when there is nothing to say.
 */
export function handoffNote(input: {
  reason?: string
  sentiment?: string
  language?: string
  priority?: string
  ticketUrl?: string
  contactUrl?: string
}): string | undefined {
  const lines = [
    input.reason && `Reason: ${input.reason}`,
    input.sentiment && `Sentiment: ${input.sentiment}`,
    input.language && `Language: ${input.language}`,
    input.priority && `Priority: ${input.priority}`,
    input.ticketUrl && `Ticket: ${input.ticketUrl}`,
    input.contactUrl && `Contact: ${input.contactUrl}`,
  ].filter(Boolean)
  return lines.length > 0 ? ['🤖 Handoff from the bot', ...lines].join('\n') : undefined
}
