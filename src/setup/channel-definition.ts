import { MAX_ATTACHMENT_BYTES } from '../hubspot/limits'
import type { ChannelDefinition } from '../hubspot/custom-channels'

/**
 * What the channel can do, as HubSpot's capability map (docs/hubspot-facts.md §3). These govern
 * what agents may send: rich text, and files of every common kind up to HubSpot's size limit.
 */
const CHANNEL_CAPABILITIES = {
  deliveryIdentifierTypes: ['HS_EMAIL_ADDRESS', 'HS_PHONE_NUMBER', 'CHANNEL_SPECIFIC_OPAQUE_ID'],
  threadingModel: 'INTEGRATION_THREAD_ID',
  richText: ['HYPERLINK', 'BOLD', 'ITALIC', 'LISTS', 'BLOCKQUOTE', 'TEXT_ALIGNMENT'],
  allowInlineImages: true,
  allowOutgoingMessages: true,
  allowConversationStart: false,
  allowMultipleRecipients: false,
  outgoingAttachmentTypes: ['FILE'],
  allowedFileAttachmentMimeTypes: ['image/*', 'audio/*', 'video/*', 'application/*', 'text/*'],
  maxFileAttachmentCount: 10,
  maxFileAttachmentSizeBytes: MAX_ATTACHMENT_BYTES,
  maxTotalFileAttachmentSizeBytes: MAX_ATTACHMENT_BYTES * 2,
}

/**
 * The full definition on every create and update: HubSpot's PATCH schema marks all six fields required.
 * An admin who connects the channel from HubSpot's inbox settings lands on our connect-inbox page, which
 * connects the inbox chosen there (after the OAuth approval if needed); the connect flow also serves the
 * logo HubSpot shows there.
 */
export function channelDefinition(webhookUrl: string): ChannelDefinition {
  return {
    name: 'Botpress',
    webhookUrl,
    channelAccountConnectionRedirectUrl: `${webhookUrl}/oauth/connect-inbox`,
    channelLogoUrl: `${webhookUrl}/oauth/logo.svg`,
    capabilities: CHANNEL_CAPABILITIES,
    channelDescription:
      'Conversations handed over by a Botpress bot, with the transcript of what the customer said before.',
  }
}

/** Order-insensitive comparison, so a capability map HubSpot returns with keys reordered is not "drift". */
type CurrentChannel = Partial<
  Record<'webhookUrl' | 'channelDescription' | 'channelLogoUrl' | 'channelAccountConnectionRedirectUrl', string | null>
> & {
  name: string
  capabilities?: Record<string, unknown>
}

export function sameDefinition(current: CurrentChannel, wanted: ChannelDefinition): boolean {
  const fields = [
    'name',
    'webhookUrl',
    'channelDescription',
    'channelLogoUrl',
    'channelAccountConnectionRedirectUrl',
  ] as const
  return (
    fields.every((field) => (current[field] ?? undefined) === wanted[field]) &&
    canonical(current.capabilities ?? {}) === canonical(wanted.capabilities)
  )
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).sort().join(',')}]`
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${key}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`
  return JSON.stringify(value)
}
