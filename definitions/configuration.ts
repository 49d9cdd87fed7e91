import { z } from '@botpress/sdk'

/** HubSpot ids are numeric strings; accepting digits only catches pasted names and URLs at save time. */
const hubspotId = z.string().trim().regex(/^\d+$/, 'Use the numeric id, not a name or URL')

export const configuration = {
  schema: z.object({
    clientId: z
      .string()
      .trim()
      .min(1)
      .title('Client ID')
      .describe('Client ID of your HubSpot public app (HubSpot developer account > Apps > your app > Auth)'),
    clientSecret: z
      .string()
      .trim()
      .min(1)
      .secret()
      .title('Client secret')
      .describe(
        'Client secret of the same HubSpot app. Used to refresh access tokens and to verify that webhooks really come from HubSpot',
      ),
    appId: hubspotId
      .title('App ID')
      .describe('Numeric id of the HubSpot app (shown in the app URL and on its Auth page)'),
    developerApiKey: z
      .string()
      .trim()
      .min(1)
      .secret()
      .title('Developer API key')
      .describe(
        'Developer API key of the HubSpot developer account that owns the app. Needed to create the custom channel and the app webhook subscriptions',
      ),
    refreshToken: z
      .string()
      .trim()
      .min(1)
      .secret()
      .optional()
      .title('Refresh token')
      .describe(
        'OAuth refresh token of the HubSpot account to connect. Leave empty if you connect the account with the link shown in the integration page (recommended)',
      ),
    inboxIds: z
      .array(hubspotId)
      .min(1)
      .title('Inbox IDs')
      .describe(
        'Ids of the HubSpot inboxes or help desks that receive handed-off conversations. The first one is the default; a session can choose another in its settings',
      ),
    apiRequestsPer10Seconds: z
      .number()
      .int()
      .min(10)
      .max(1000)
      .optional()
      .title('API requests per 10 seconds')
      .describe(
        "HubSpot API calls the integration may make per 10 seconds for this account. Default 100, HubSpot's limit for public apps; raise it only if your HubSpot tier allows more",
      ),
    matchContacts: z
      .boolean()
      .default(true)
      .title('Link HubSpot contacts')
      .describe(
        'Find the customer in HubSpot contacts by email or phone (or create the contact) and link it to the conversation, the ticket and the notes',
      ),
    createTickets: z
      .boolean()
      .default(true)
      .title('Create tickets')
      .describe('Open a HubSpot ticket with the summary and transcript for each handoff. A session can override it'),
    ticketPipelineId: z
      .string()
      .trim()
      .optional()
      .title('Ticket pipeline ID')
      .describe("Pipeline of the tickets. Default: the account's default ticket pipeline"),
    ticketStageId: z
      .string()
      .trim()
      .optional()
      .title('Ticket stage ID')
      .describe('Stage new tickets start in. Default: the first open stage of the pipeline'),
    defaultOwnerId: z
      .string()
      .trim()
      .optional()
      .title('Default ticket owner')
      .describe('HubSpot owner id that tickets are assigned to when the session names none'),
    ticketMarkerProperty: z
      .string()
      .trim()
      .default('source_type')
      .title('Marker property')
      .describe(
        "Ticket property set on every handed-off ticket, so teams can filter them in views and workflows. Default: HubSpot's Source (source_type); a custom property such as a 'Handed off by bot' checkbox tells bot handoffs apart best",
      ),
    ticketMarkerValue: z
      .string()
      .trim()
      .default('CHAT')
      .title('Marker value')
      .describe('Value of the marker property on handed-off tickets. Default: CHAT'),
    transcriptNotes: z
      .boolean()
      .default(true)
      .title('Transcript notes')
      .describe("When a session ends, write its full transcript as a note on the contact's timeline and on the ticket"),
    assistMode: z
      .boolean()
      .default(false)
      .title('Assist mode')
      .describe(
        'Tell the bot about every customer message relayed to an agent (event customerMessageRelayed), so it can suggest replies as internal notes with postInternalNote. A session can override it',
      ),
    routeToLastAgent: z
      .boolean()
      .default(false)
      .title('Route to the last agent')
      .describe(
        "Assign a returning customer's thread to the agent of their most recent closed conversation in HubSpot, when the session names no agent and that agent can take it",
      ),
    routeToContactOwner: z
      .boolean()
      .default(false)
      .title("Route to the contact's owner")
      .describe(
        "Assign the thread to the owner of the customer's HubSpot contact when no earlier rule chose an agent and the owner is a user of the inbox. Otherwise HubSpot's own routing decides",
      ),
    linkUnverifiedContacts: z
      .boolean()
      .default(true)
      .title('Link unverified contacts')
      .describe(
        'Link the HubSpot contact of an email or phone the customer typed but the bot did not verify (the agent is warned either way). Off: such a conversation opens without a contact and without CRM context, and shows the typed value as a claim the agent can check and link',
      ),
    followedTicketProperties: z
      .array(z.string().trim().min(1).title('Property').describe('Internal name of a ticket property'))
      .default([])
      .title('Followed ticket properties')
      .describe(
        "Internal names of ticket properties (e.g. hs_ticket_priority, hs_pipeline_stage) whose changes in HubSpot are told to the bot (event ticketPropertyChanged) and kept in the HITL conversation's ticketProperties tag, for tickets this integration opened. Saving subscribes the HubSpot app to their changes",
      ),
  }),
}
