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
          'HubSpot inbox or help desk for this session; one of the configured inbox ids. Default: the first one',
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
    }),
  },
}
