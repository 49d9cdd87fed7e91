import { z } from '@botpress/sdk'

const author = z
  .enum(['customer', 'agent', 'bot'])
  .title('Author')
  .describe(
    'Who wrote it: the customer, a HubSpot agent, or the bot side (the handoff transcript, notes this integration posted)',
  )

/** Integration events of this integration's own; the hitl interface adds hitlAssigned and hitlStopped. */
export const events = {
  customerMessageRelayed: {
    title: 'Customer message relayed (assist mode)',
    description:
      'Assist mode: a customer message was published into the HubSpot thread of a handoff. A bot hook or workflow can draft a reply and post it for the agent with postInternalNote (suggestion: true); the customer sees nothing of it',
    schema: z.object({
      conversationId: z.string().title('HITL conversation ID').describe('The HITL conversation Start HITL returned'),
      threadId: z.string().title('HubSpot thread ID').describe('The conversations thread in the HubSpot inbox'),
      customer: z
        .object({
          userId: z.string().title('User ID').describe('Botpress user that stands for the customer'),
          name: z.string().optional().title('Name').describe('Name of the customer, as the agent sees it'),
          email: z.string().optional().title('Email').describe('Email address the session knows the customer by'),
          phone: z
            .string()
            .optional()
            .title('Phone')
            .describe('Phone number (E.164) the session knows the customer by'),
        })
        .title('Customer')
        .describe('The customer of the session'),
      message: z
        .object({
          id: z.string().title('Message ID').describe('Botpress message id in the HITL conversation'),
          hubspotMessageId: z.string().title('HubSpot message ID').describe('Id of the message in the HubSpot thread'),
          type: z.string().title('Type').describe('Botpress message type: text, image, audio, video, file or bloc'),
          text: z.string().title('Text').describe('What the customer wrote, as plain text (media as their links)'),
          files: z
            .array(
              z.object({
                kind: z.enum(['image', 'audio', 'video', 'file']).title('Kind').describe('What the media is'),
                name: z.string().title('Name').describe('File name or title'),
                url: z.string().title('URL').describe('Where the customer’s file is'),
              }),
            )
            .title('Files')
            .describe('Media of the message'),
        })
        .title('Message')
        .describe('The message the customer sent'),
      recentContext: z
        .array(
          z.object({
            author,
            internal: z
              .boolean()
              .title('Internal')
              .describe('An internal comment: agents see it, the customer never did; never repeat it to the customer'),
            text: z.string().title('Text').describe('What was written (long texts are shortened)'),
            createdAt: z.string().optional().title('Written at').describe('When it was written (ISO time)'),
          }),
        )
        .title('Recent context')
        .describe(
          'The last messages and internal comments of the thread before this message, oldest first (empty when HubSpot could not be read)',
        ),
    }),
  },
  ticketPropertyChanged: {
    title: 'Ticket property changed',
    description:
      "A HubSpot user, workflow or app changed a followed ticket property (configuration followedTicketProperties) on the ticket of a handoff. The HITL conversation's ticketProperties tag holds the latest values too",
    schema: z.object({
      conversationId: z.string().title('HITL conversation ID').describe('The HITL conversation Start HITL returned'),
      ticketId: z.string().title('HubSpot ticket ID').describe('The ticket the integration opened for the session'),
      property: z.string().title('Property').describe('Internal name of the ticket property that changed'),
      oldValue: z
        .string()
        .optional()
        .title('Old value')
        .describe(
          'The value this session last recorded for the property; absent when it recorded none (HubSpot does not send the value before the change)',
        ),
      newValue: z.string().title('New value').describe('The value after the change (empty when it was cleared)'),
      changedBy: z
        .object({
          source: z
            .string()
            .title('Source')
            .describe("HubSpot's changeSource, e.g. CRM_UI (a user in HubSpot), API, AUTOMATION (a workflow)"),
          hubspotUserId: z
            .string()
            .optional()
            .title('HubSpot user ID')
            .describe('The HubSpot user who made the change, when HubSpot names one'),
          agentUserId: z
            .string()
            .optional()
            .title('Agent user ID')
            .describe(
              "Botpress user of the session's agent, when the change was theirs (the agent assigned to the thread and known to the HITL plugin)",
            ),
        })
        .title('Changed by')
        .describe('Who or what changed the property'),
      changedAt: z.string().title('Changed at').describe('When the change happened in HubSpot (ISO time)'),
    }),
  },
}
