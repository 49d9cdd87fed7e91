/**
 * Channel capability validation (hubspot-facts.md §3). HubSpot answers bad keys or values with 400 VALIDATION_ERROR,
 * subCategory CustomChannelsError.INVALID_CHANNEL_CAPABILITY_VALUES and `context.capabilityKeysAndValues`.
 */
import { DELIVERY_IDENTIFIER_TYPES } from './defaults'
import { validationError, type HubSpotError } from './errors'
import { isRecord } from './validation'

/** The documented values; anything else is rejected (the full richText list is UNCONFIRMED). */
const RICH_TEXT_VALUES = ['HYPERLINK', 'TEXT_ALIGNMENT', 'BLOCKQUOTE', 'BOLD', 'ITALIC', 'LISTS']
const THREADING_MODELS = ['INTEGRATION_THREAD_ID', 'DELIVERY_IDENTIFIER']
/** Only FILE is documented as an outgoing attachment type. */
const OUTGOING_ATTACHMENT_TYPES = ['FILE']
const MIME_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/([a-z0-9][a-z0-9!#$&^_.+-]*|\*)$/i

const stringArrayOf = (allowed: string[]) => (value: unknown) =>
  Array.isArray(value) && value.every((item) => typeof item === 'string' && allowed.includes(item))

const isBoolean = (value: unknown) => typeof value === 'boolean'
const isCount = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0

const CHECKS: Record<string, (value: unknown) => boolean> = {
  deliveryIdentifierTypes: stringArrayOf([...DELIVERY_IDENTIFIER_TYPES]),
  threadingModel: (value) => typeof value === 'string' && THREADING_MODELS.includes(value),
  richText: stringArrayOf(RICH_TEXT_VALUES),
  allowInlineImages: isBoolean,
  allowOutgoingMessages: isBoolean,
  allowConversationStart: isBoolean,
  allowMultipleRecipients: isBoolean,
  outgoingAttachmentTypes: stringArrayOf(OUTGOING_ATTACHMENT_TYPES),
  allowedFileAttachmentMimeTypes: (value) =>
    Array.isArray(value) && value.every((item) => typeof item === 'string' && MIME_PATTERN.test(item)),
  maxFileAttachmentCount: isCount,
  maxFileAttachmentSizeBytes: isCount,
  maxTotalFileAttachmentSizeBytes: isCount,
}

/** Returns the error to throw, or undefined when the capabilities are acceptable. */
export function capabilitiesError(capabilities: unknown): HubSpotError | undefined {
  if (!isRecord(capabilities)) {
    return validationError('capabilities must be an object', {
      subCategory: 'CustomChannelsError.INVALID_CHANNEL_CAPABILITY_VALUES',
      context: { capabilityKeysAndValues: [`capabilities=${JSON.stringify(capabilities)}`] },
    })
  }
  const bad = Object.entries(capabilities)
    .filter(([key, value]) => !(CHECKS[key] ?? (() => false))(value))
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
  if (bad.length === 0) return undefined
  return validationError(`Invalid channel capability keys or values: ${bad.join(', ')}`, {
    subCategory: 'CustomChannelsError.INVALID_CHANNEL_CAPABILITY_VALUES',
    context: { capabilityKeysAndValues: bad },
  })
}

/** Does `mimeType` match one of the channel's allowed types (wildcards like `image/*` allowed)? */
export function mimeTypeAllowed(allowed: unknown, mimeType: string): boolean {
  if (!Array.isArray(allowed)) return true
  return allowed.some(
    (pattern) =>
      typeof pattern === 'string' &&
      (pattern === mimeType || (pattern.endsWith('/*') && mimeType.startsWith(pattern.slice(0, -1)))),
  )
}
