import { MAX_ATTACHMENT_BYTES } from '../hubspot/limits'
import type { ChannelDefinition } from '../hubspot/custom-channels'

/**
 * What the channel can do, as HubSpot's capability map (../shared/docs/hubspot-api.md §3.3). These govern
 * what agents may send: rich text, and files of every common kind up to HubSpot's size limit.
 */
export const CHANNEL_CAPABILITIES = {
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

export function channelDefinition(webhookUrl: string): ChannelDefinition {
  return {
    name: 'Botpress',
    webhookUrl,
    capabilities: CHANNEL_CAPABILITIES,
    channelDescription: 'Conversations handed over by a Botpress bot, with the transcript of what the customer said before.',
  }
}

/** Order-insensitive comparison, so a capability map HubSpot returns with keys reordered is not "drift". */
export function sameDefinition(current: { name: string; webhookUrl?: string | null; capabilities?: Record<string, unknown>; channelDescription?: string | null }, wanted: ChannelDefinition): boolean {
  return (
    current.name === wanted.name &&
    current.webhookUrl === wanted.webhookUrl &&
    current.channelDescription === wanted.channelDescription &&
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
