import { z } from '@botpress/sdk'

export const states = {
  credentials: {
    type: 'integration',
    schema: z.object({
      refreshToken: z
        .string()
        .optional()
        .title('Refresh token')
        .describe('Refresh token obtained through the built-in OAuth connect flow'),
      accessToken: z.string().optional().title('Access token').describe('Current HubSpot access token'),
      accessTokenExpiresAt: z
        .number()
        .optional()
        .title('Access token expiry')
        .describe('When the access token expires, epoch milliseconds'),
      refreshTokenFingerprint: z
        .string()
        .optional()
        .title('Refresh token fingerprint')
        .describe('Hash of the refresh token the access token was minted from, to notice a changed configuration'),
      hubId: z.number().optional().title('HubSpot account ID').describe('Id of the connected HubSpot account'),
      scopes: z.array(z.string()).optional().title('Scopes').describe('Scopes granted to the app'),
    }),
  },
  oauthRequests: {
    type: 'integration',
    schema: z.object({
      pending: z
        .record(
          z.object({
            expiresAt: z.number().title('Expires at').describe('When the state value expires, epoch milliseconds'),
            switchAccount: z
              .boolean()
              .title('Switch account')
              .describe('Whether the admin asked to move the install to a different HubSpot account'),
          }),
        )
        .title('Pending requests')
        .describe('Single-use OAuth state values started from a signed connect link, a few at most'),
    }),
  },
  channel: {
    type: 'integration',
    schema: z.object({
      channelId: z.string().title('Channel ID').describe('HubSpot custom channel created for this install'),
      webhookUrl: z.string().title('Webhook URL').describe('Webhook URL the channel points at'),
      channelAccounts: z
        .record(z.string())
        .title('Channel accounts')
        .describe('Channel account id per connected inbox id'),
      inboxesConnectedInHubSpot: z
        .array(z.string())
        .optional()
        .title('Inboxes connected in HubSpot')
        .describe(
          "Inbox ids an admin connected from HubSpot's inbox settings; saving the configuration keeps them connected",
        ),
    }),
  },
  ticketSubscriptions: {
    type: 'integration',
    schema: z.object({
      properties: z
        .array(z.string())
        .title('Properties')
        .describe('Ticket properties this install followed on its last register (ticket.propertyChange)'),
      createdIds: z
        .record(z.string())
        .optional()
        .title('Subscriptions created')
        .describe(
          'Subscription id per followed property, for the subscriptions this install created: the only ones it deletes when a property is no longer followed or on uninstall (one found already there is left alone)',
        ),
    }),
  },
  sessionEnd: {
    type: 'conversation',
    schema: z.object({
      closedAt: z.string().title('Closed at').describe('When the session ended, ISO 8601'),
      closedBy: z
        .enum(['bot', 'agent'])
        .title('Closed by')
        .describe('Which side ended the session: the bot (stopHitl) or the HubSpot agent'),
      claim: z
        .string()
        .title('Claim')
        .describe('Random id of the call that ended the session; only that call runs the end-of-session work'),
      claimedAt: z.number().title('Claimed at').describe('When that call took the claim, epoch milliseconds'),
      doneSteps: z
        .array(z.string())
        .optional()
        .title('Steps done')
        .describe('End-of-session steps already completed, so a takeover does not repeat them'),
      finished: z
        .boolean()
        .optional()
        .title('Finished')
        .describe('Whether the end-of-session work completed; an unfinished stale claim is taken over by a redelivery'),
    }),
  },
} as const
