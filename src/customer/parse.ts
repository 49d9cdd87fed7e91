/**
 * Who the customer is, from what createUser/startHitl receive. The HITL plugin fills `email` with a real
 * address, with a phone number (the known workaround: bot builders type a phone into "User Email"), or,
 * when it knows nothing, with its placeholder `<userId>@no-reply.<botId>.botpress.com`. The placeholder must
 * never reach HubSpot as a contact email; it still names the upstream user, which keeps a returning
 * anonymous customer on the same key.
 */
import { RuntimeError } from '@botpress/sdk'
import type { CountryCode } from 'libphonenumber-js'
import type * as PhoneNumbers from 'libphonenumber-js'
import { lazy } from '../platform/lazy'
import { withoutBidiControls } from '../render/bidi'
import type { CustomerIdentity } from './identity'

/** Loaded at the first phone number: its code and metadata cost every cold start, and most cold starts read none. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const phoneNumbers = lazy(() => require('libphonenumber-js') as typeof PhoneNumbers)

/** A customer HubSpot can match to a contact: one with a real email or phone. */
export type ContactIdentity = Exclude<CustomerIdentity, { kind: 'visitor' }>

type ContactFields = { email?: string; phone?: string; defaultCountry?: CountryCode }

/** The plugin's placeholder; the bot segment is optional so older or hand-made variants are caught too. */
const PLACEHOLDER_EMAIL = /^([^@\s]+)@no-reply\.(?:[^@\s]+\.)?botpress\.com\.?$/i

// The HTML standard's pragmatic address syntax, plus a dotted domain with an alphabetic top-level label:
// HubSpot matches contacts on real, routable addresses.
const EMAIL =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/
const MAX_EMAIL_LENGTH = 254
const MAX_LOCAL_PART_LENGTH = 64

/**
 * The one rule for "email, phone or neither": a real email wins over a phone; undefined when there is neither.
 * - `lenient`, for what the plugin or a user's tags carry: what does not parse is passed over, so the order is a
 *   valid email, then the phone field, then a phone typed into the email field (the known workaround).
 * - `strict`, for what a bot builder typed to name the customer: a non-blank email must be a valid address (the
 *   phone field is then not read), else a non-blank phone must be valid; anything else is refused, naming it.
 */
export function parseContact(
  { email, phone, defaultCountry }: ContactFields,
  mode: 'lenient' | 'strict' = 'lenient',
): ContactIdentity | undefined {
  const validEmail = normalizeEmail(email)
  if (validEmail) return { kind: 'email', email: validEmail }
  if (mode === 'strict') return strictPhone(email, phone, defaultCountry)
  const validPhone = parsePhone(phone, defaultCountry) ?? parsePhone(email, defaultCountry)
  return validPhone ? { kind: 'phone', phone: validPhone } : undefined
}

/** Strict mode once the email is not a valid address: only a blank one lets the phone field speak. */
function strictPhone(email: string | undefined, phone: string | undefined, defaultCountry?: CountryCode) {
  if (email?.trim())
    throw new RuntimeError(`The email address "${email}" is not valid; use a full address, e.g. ada@example.com.`)
  if (!phone?.trim()) return undefined
  const validPhone = parsePhone(phone, defaultCountry)
  if (!validPhone)
    throw new RuntimeError(`The phone number "${phone}" is not valid; use the international form, e.g. +14155550123.`)
  return { kind: 'phone', phone: validPhone } as const
}

/** A valid address, trimmed and lower-cased; undefined for anything else, the plugin's placeholder included. */
export function normalizeEmail(input: string | undefined): string | undefined {
  const email = input?.trim().toLowerCase() ?? ''
  if (email.length > MAX_EMAIL_LENGTH || isPlaceholderEmail(email) || !EMAIL.test(email)) return undefined
  const localPart = email.slice(0, email.lastIndexOf('@'))
  const dotsOk = !localPart.startsWith('.') && !localPart.endsWith('.') && !localPart.includes('..')
  return localPart.length <= MAX_LOCAL_PART_LENGTH && dotsOk ? email : undefined
}

export function isPlaceholderEmail(input: string | undefined): boolean {
  return placeholderUserId(input) !== undefined
}

/** The upstream user id the plugin put in its placeholder, as given (Botpress ids are case-sensitive). */
export function placeholderUserId(input: string | undefined): string | undefined {
  return PLACEHOLDER_EMAIL.exec(input?.trim() ?? '')?.[1]
}

/**
 * E.164 (`+33612345678`) for a valid number, else undefined. A national number needs `defaultCountry`;
 * without one only international forms (`+…`) parse. The whole input must be the number: text that merely
 * contains digits is not taken for a phone.
 */
export function parsePhone(input: string | undefined, defaultCountry?: CountryCode): string | undefined {
  const candidate = input?.trim().replace(/^tel:/i, '')
  if (!candidate) return undefined
  const parsed = phoneNumbers().parsePhoneNumberFromString(candidate, { defaultCountry, extract: false })
  return parsed?.isValid() ? parsed.number : undefined
}

/** The national significant number's digits (`612345678` for `+33612345678`), for CRM searches by national form. */
export function nationalNumber(e164: string): string | undefined {
  const parsed = phoneNumbers().parsePhoneNumberFromString(e164.trim(), { extract: false })
  return parsed?.isValid() ? parsed.nationalNumber : undefined
}

/** The name the HITL plugin gives a customer it knows nothing about: no name at all, for the agent and the CRM. */
const PLUGIN_UNKNOWN_NAME = 'unknown user'

/**
 * The customer's name as worth showing: undefined for a blank name or the plugin's `Unknown User` default; never
 * with bidirectional controls.
 */
export function customerDisplayName(name: string | null | undefined): string | undefined {
  const trimmed = withoutBidiControls(name ?? '').trim()
  return trimmed && trimmed.toLowerCase() !== PLUGIN_UNKNOWN_NAME ? trimmed : undefined
}
