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
  }),
}
