import type { Agent, DeveloperApp, Inbox } from './types'

export const DEFAULT_APP: DeveloperApp = {
  appId: '1234567',
  clientId: 'emulator-client-id-0000',
  clientSecret: 'emulator-client-secret-0000',
  developerApiKey: 'emulator-developer-api-key-0000',
}

export const DEFAULT_HUB_ID = 9_876_543

export const DEFAULT_INBOXES: Inbox[] = [
  { id: '147001', name: 'Support inbox', type: 'INBOX', createdAt: '2025-01-01T00:00:00.000Z' },
  { id: '147002', name: 'Help desk', type: 'HELP_DESK', createdAt: '2025-01-01T00:00:00.000Z' },
]

export const DEFAULT_AGENTS: Agent[] = [
  {
    userId: 5001,
    name: 'Alice Agent',
    email: 'alice@agents.example.com',
    avatar: 'https://avatars.example.com/5001.png',
  },
  { userId: 5002, name: 'Bob Agent', email: 'bob@agents.example.com', avatar: 'https://avatars.example.com/5002.png' },
]

/** Every scope the integration is expected to request; tokens get these unless a test narrows them. */
export const DEFAULT_SCOPES = [
  'oauth',
  'conversations.read',
  'conversations.write',
  'conversations.custom_channels.read',
  'conversations.custom_channels.write',
  'files',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.deals.read',
  'crm.objects.owners.read',
  'tickets',
]

export const ACCESS_TOKEN_TTL_SECONDS = 1800
/** How long an admin has to finish connecting the channel from HubSpot's inbox settings; our assumption. */
export const STAGING_TOKEN_TTL_MS = 30 * 60_000
/** HubSpot only says codes are short-lived; 5 minutes is our assumption. */
export const AUTHORIZATION_CODE_TTL_MS = 5 * 60_000
/** Public apps: 100 requests per 10 s per installed account (hubspot-facts.md §10). */
export const DEFAULT_RATE_LIMIT = { max: 100, intervalMs: 10_000 }
export const DEFAULT_PUBLIC_BASE_URL = 'https://api.hubapi.com'

/**
 * Longest `text` of a published custom-channel message. No published maximum is known to us: assumed, so that a
 * test notices an integration that stops splitting long texts (README.md, "Limits the emulator owns").
 */
export const MESSAGE_TEXT_MAX_CHARACTERS = 10_000
/**
 * Largest file the Files upload accepts. No figure is taken from HubSpot's Files docs: assumed, the attachment
 * size Botpress's own HubSpot integration declares (README.md, "Limits the emulator owns").
 */
export const UPLOAD_MAX_BYTES = 10_000_000

/** Enums restated from hubspot-facts.md §3, §4. */
export const DELIVERY_IDENTIFIER_TYPES = [
  'HS_EMAIL_ADDRESS',
  'HS_PHONE_NUMBER',
  'HS_SHORT_CODE',
  'CHANNEL_SPECIFIC_OPAQUE_ID',
] as const
export const FILE_USAGE_TYPES = ['AUDIO', 'IMAGE', 'OTHER', 'STICKER', 'VOICE_RECORDING'] as const
export const FILE_ACCESS_VALUES = [
  'PUBLIC_INDEXABLE',
  'PUBLIC_NOT_INDEXABLE',
  'PRIVATE',
  'HIDDEN_INDEXABLE',
  'HIDDEN_NOT_INDEXABLE',
  'HIDDEN_PRIVATE',
  'HIDDEN_SENSITIVE',
  'SENSITIVE',
] as const
export const PUBLIC_FILE_ACCESS = [
  'PUBLIC_INDEXABLE',
  'PUBLIC_NOT_INDEXABLE',
  'HIDDEN_INDEXABLE',
  'HIDDEN_NOT_INDEXABLE',
]

/** App webhook subscription types (hubspot-facts.md §5; of the CRM ones only the ticket change the integration uses) and the conversation properties we know of. */
export const APP_EVENT_TYPES = [
  'conversation.creation',
  'conversation.deletion',
  'conversation.privacyDeletion',
  'conversation.propertyChange',
  'conversation.newMessage',
  'ticket.propertyChange',
] as const
export const CONVERSATION_PROPERTY_NAMES = ['assignedTo', 'status', 'isArchived'] as const
