import { z } from '@botpress/sdk'

export const TICKET_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const

/** Bound to the hitl interface's `hitlSession`: these fields appear as "Extra configuration" on the Start HITL card. */
export const entities = {
  ticket: {
    title: 'HubSpot handoff',
    description: 'Settings for one handoff to the HubSpot inbox',
    schema: z.object({
      inboxId: z
        .string()
        .optional()
        .title('Inbox ID')
        .describe(
          "HubSpot inbox or help desk for this session: one of the configured inbox ids, or one connected from HubSpot's inbox settings. Default: the first configured one",
        ),
      email: z
        .string()
        .optional()
        .title('Customer email')
        .describe(
          'Email address of the customer, for a customer the HITL plugin linked earlier without one (its placeholder address does not count)',
        ),
      phone: z
        .string()
        .optional()
        .title('Customer phone')
        .describe(
          'Phone number of the customer, in international form (+14155550123) or national form with a country code prefix',
        ),
      priority: z
        .enum(TICKET_PRIORITIES)
        .optional()
        .title('Priority')
        .describe('Priority of the handoff: LOW, MEDIUM, HIGH or URGENT'),
      reason: z
        .string()
        .optional()
        .title('Escalation reason')
        .describe('Why the bot or AI agent escalated, shown to the agent in an internal note'),
      sentiment: z
        .string()
        .optional()
        .title('Sentiment')
        .describe('Detected sentiment of the customer (e.g. frustrated), shown in the internal note'),
      language: z
        .string()
        .optional()
        .title('Language')
        .describe('Language the customer writes in, shown in the internal note'),
      ownerId: z
        .string()
        .optional()
        .title('Ticket owner')
        .describe('HubSpot owner id to assign the ticket to, instead of the default owner'),
      properties: z
        .record(z.string())
        .optional()
        .title('Ticket properties')
        .describe(
          'Custom data for the ticket: HubSpot ticket property names and their values. Names the account does not have are skipped',
        ),
      createTicket: z
        .boolean()
        .optional()
        .title('Create a ticket')
        .describe('Create a HubSpot ticket for this session, overriding the configuration'),
      assistMode: z
        .boolean()
        .optional()
        .title('Assist mode')
        .describe(
          'Tell the bot about each customer message of this session (event customerMessageRelayed), overriding the configuration',
        ),
      assignTo: z
        .string()
        .trim()
        .optional()
        .title('Agent')
        .describe(
          "HubSpot user to route the thread to: their email or numeric user id. When they cannot take it, the next routing rule or HubSpot's own routing applies",
        ),
      identityVerified: z
        .boolean()
        .optional()
        .title('Identity verified')
        .describe(
          "Set it when the flow knows the customer's email or phone is theirs (they are logged in, or proved the address with a code). Off by default: the agent is warned that the email or phone was typed by the customer and not verified",
        ),
    }),
  },
}
