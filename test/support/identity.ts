/** Identity scenarios (verified or typed email): a customer whose email an impostor could type, and one handoff of them. */
import type { Harness } from './harness'
import { escalate, threadItems } from './scenario'

export const EMAIL = 'ada@example.com'
export const PHONE = '+14155550123'
export const HANDOFF_NOTE = '🤖 Handoff from the bot'
export const TYPED_WARNING = `⚠️ Unverified identity: the email ${EMAIL} was typed by the customer and not verified.`
export const CLAIM_WARNING = `⚠️ Unverified identity: the customer says their email is ${EMAIL} (typed, not verified).`

type ContactContext = {
  found: boolean
  identityVerified: boolean
  contact?: { id: string }
  claimedIdentity?: { email?: string; phone?: string }
}

/** The customer's real contact, which an impostor typing their email would be shown as. */
export const seedAda = (h: Harness, hubId?: number) =>
  h.hubspot.seedContact({
    ...(hubId === undefined ? {} : { hubId }),
    properties: { email: EMAIL, phone: PHONE, firstname: 'Ada', lastname: 'Lovelace' },
  })

export async function handoff(
  h: Harness,
  options: { verified?: boolean; email?: string; hitlSession?: Record<string, unknown> } = {},
) {
  const hitlSession = {
    ...options.hitlSession,
    ...(options.verified === undefined ? {} : { identityVerified: options.verified }),
  }
  const escalated = await escalate(h, { email: options.email ?? EMAIL, hitlSession })
  const items = threadItems(h, escalated.threadId)
  return {
    ...escalated,
    opening: items.find((item) => item.type === 'MESSAGE')!,
    notes: items.filter((item) => item.type === 'COMMENT' && (item.text ?? '').startsWith(HANDOFF_NOTE)),
    ticket: h.hubspot.crmObjects('tickets').at(-1)!,
    thread: h.hubspot.threads().find((thread) => thread.id === escalated.threadId)!,
    context: await h.action<ContactContext>('getContactContext', { conversationId: escalated.conversationId }),
  }
}
