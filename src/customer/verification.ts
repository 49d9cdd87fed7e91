import { escapeMarkdown, markdownLink } from '../render/markdown-syntax'
import type { CustomerIdentity } from './identity'

type ContactIdentity = Exclude<CustomerIdentity, { kind: 'visitor' }>

/**
 * How a session shows its customer to HubSpot, decided once when it opens:
 * - `sender`: who HubSpot is told wrote the customer's messages (HubSpot may link the contact that owns an email or
 *   phone sender by itself);
 * - `claimed`: an email or phone nobody verified that must not be linked, shown to the agent only as a claim;
 * - `verified`: the flow vouched for the email or phone.
 */
export type SessionIdentity = { sender: CustomerIdentity; claimed?: ContactIdentity; verified: boolean }

/**
 * An unverified email or phone is linked as today unless the install turned that off: then the customer writes as
 * an anonymous visitor of this channel (`visitorId`), so that neither the integration nor HubSpot's own matching
 * ties the thread to the contact that really owns the address. An anonymous customer claims nothing.
 */
export function sessionIdentity(
  identity: CustomerIdentity,
  options: { verified: boolean; linkUnverified: boolean; visitorId: string },
): SessionIdentity {
  const { verified } = options
  if (identity.kind === 'visitor' || verified || options.linkUnverified) return { sender: identity, verified }
  return { sender: { kind: 'visitor', visitorId: options.visitorId }, claimed: identity, verified }
}

/** The email or phone the customer gave, whether the session sends it to HubSpot or only shows it. */
export const givenIdentity = (session: SessionIdentity): ContactIdentity | undefined =>
  session.claimed ?? (session.sender.kind === 'visitor' ? undefined : session.sender)

export const claimedValue = (identity: ContactIdentity) => (identity.kind === 'email' ? identity.email : identity.phone)

const named = (identity: ContactIdentity) => (identity.kind === 'email' ? 'email' : 'phone number')

export type IdentityWarning = { markdown: string; text: string }

/**
 * What the agent is told of an email or phone the customer typed and nobody verified: in the opening message, the
 * handoff note and the ticket. Undefined when the flow verified it, or when the customer gave none (an anonymous
 * visitor claims nobody's identity). For a claim the session did not link, `searchUrl` lets the agent look the
 * value up in HubSpot's contacts once they have checked who they are talking to.
 */
export function identityWarning(session: SessionIdentity, searchUrl?: string): IdentityWarning | undefined {
  const given = givenIdentity(session)
  if (session.verified || !given) return undefined
  const value = claimedValue(given)
  const lead = '⚠️ Unverified identity:'
  if (!session.claimed) {
    const rest = `was typed by the customer and not verified. Anyone can type any ${named(given)}: make sure you are talking to its owner before sharing account details.`
    return {
      markdown: `**${lead}** the ${named(given)} ${escapeMarkdown(value)} ${rest}`,
      text: `${lead} the ${named(given)} ${value} ${rest}`,
    }
  }
  const rest = `(typed, not verified). This conversation is not linked to any contact: check who they are, then find the contact and link it.`
  const findText = searchUrl ? ` Find it in HubSpot: ${searchUrl}` : ''
  const findMarkdown = searchUrl ? ` ${markdownLink('Find it in HubSpot contacts', searchUrl)}` : ''
  return {
    markdown: `**${lead}** the customer says their ${named(given)} is ${escapeMarkdown(value)} ${rest}${findMarkdown}`,
    text: `${lead} the customer says their ${named(given)} is ${value} ${rest}${findText}`,
  }
}
