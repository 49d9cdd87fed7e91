/** Every OAuth scope the integration asks for, and why; the OAuth flow, register's check and hub.md use this list. */
export const REQUIRED_SCOPES = {
  oauth: 'base scope of every HubSpot OAuth app',
  'conversations.read': 'list inboxes at setup, read threads and agent profiles, receive conversation webhooks',
  'conversations.write': 'close threads when the bot ends a session and post internal comments for agents',
  'conversations.custom_channels.read': 'list the channel accounts that connect the channel to inboxes',
  'conversations.custom_channels.write': 'connect inboxes, publish customer messages and report agent message delivery',
  files: 'upload customer images and files as private attachments and give customers links to agent attachments',
  'crm.objects.contacts.read': 'find the customer among contacts by email or phone, and read contact context',
  'crm.objects.contacts.write': 'create the contact of a new customer, and write transcript notes on the timeline',
  'crm.objects.companies.read': "read the customer's company for the contact context action",
  'crm.objects.deals.read': "read the customer's deals for the contact context action",
  'crm.objects.owners.read': 'check the default ticket owner and name contact owners',
  tickets: 'open, update and close handoff tickets; read ticket pipelines and properties',
} as const

export const requiredScopeNames = (): string[] => Object.keys(REQUIRED_SCOPES)

export function missingScopes(granted: ReadonlyArray<string>): string[] {
  const have = new Set(granted)
  return requiredScopeNames().filter((scope) => !have.has(scope))
}
