import type { DeliveryIdentifier } from '../hubspot/custom-channels'

/** How HubSpot knows a customer. Encoded into one user tag and one conversation tag (`email:…`, `phone:…`, `visitor:…`). */
export type CustomerIdentity =
  { kind: 'email'; email: string } | { kind: 'phone'; phone: string } | { kind: 'visitor'; visitorId: string }

export function encodeIdentity(identity: CustomerIdentity): string {
  switch (identity.kind) {
    case 'email':
      return `email:${identity.email}`
    case 'phone':
      return `phone:${identity.phone}`
    case 'visitor':
      return `visitor:${identity.visitorId}`
  }
}

export function decodeIdentity(tag: string | undefined): CustomerIdentity | undefined {
  const separator = tag?.indexOf(':') ?? -1
  if (!tag || separator < 0) return undefined
  const value = tag.slice(separator + 1)
  switch (tag.slice(0, separator)) {
    case 'email':
      return { kind: 'email', email: value }
    case 'phone':
      return { kind: 'phone', phone: value }
    case 'visitor':
      return { kind: 'visitor', visitorId: value }
    default:
      return undefined
  }
}

/** The user tags that name how to reach the customer (none for a visitor). */
export const contactTags = (identity: CustomerIdentity) => ({
  email: identity.kind === 'email' ? identity.email : undefined,
  phone: identity.kind === 'phone' ? identity.phone : undefined,
})

/**
 * The sender identifier published to HubSpot. A real email or phone lets HubSpot match the contact; an
 * anonymous visitor gets an opaque id of this channel, so no fake email ever reaches the CRM.
 */
export function deliveryIdentifierOf(identity: CustomerIdentity): DeliveryIdentifier {
  switch (identity.kind) {
    case 'email':
      return { type: 'HS_EMAIL_ADDRESS', value: identity.email }
    case 'phone':
      return { type: 'HS_PHONE_NUMBER', value: identity.phone }
    case 'visitor':
      return { type: 'CHANNEL_SPECIFIC_OPAQUE_ID', value: `botpress-visitor-${identity.visitorId}` }
  }
}

/** The channel account's own identifier: the recipient of customer messages. */
export const channelAccountIdentifier = (channelId: string, inboxId: string): DeliveryIdentifier => ({
  type: 'CHANNEL_SPECIFIC_OPAQUE_ID',
  value: `botpress-${channelId}-${inboxId}`,
})
