/**
 * Generators of bad input for the bad-input suite (fast-check). Each one says what the input stands for; the suite
 * decides what the integration must answer.
 */
import fc from 'fast-check'

/** Any JSON value, unicode strings included (lone surrogates, astral planes, controls). */
export const anyJson = fc.jsonValue({ stringUnit: 'binary', maxDepth: 3 })

/** A JSON value or a missing field. */
export const anyJsonOrMissing = fc.oneof(anyJson, fc.constant(undefined))

/** A value that is not a valid HubSpot id (neither string nor number). */
export const notAnId = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
)

/** An id of a thread this install never opened, as a number or a string. */
export const unknownThreadId = (known: string) =>
  fc.oneof(fc.integer({ min: 0 }), fc.string({ unit: 'binary', maxLength: 24 })).filter((id) => String(id) !== known)

/** Raw bodies that are not JSON at all, or barely. */
export const notJson = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '',
    ' ',
    '{',
    '[',
    '{"type":',
    '[{]',
    'undefined',
    'NaN',
    "{'type':'x'}",
    '\u0000',
    '\uFEFF{}',
    '1e999',
  ),
)

type Json = Record<string, unknown>

/** Sets (or, with undefined, deletes) some fields of a copy of `template`. */
export function patched(template: Json, keys: ReadonlyArray<string>) {
  return fc.dictionary(fc.constantFrom(...keys, 'unexpectedField'), anyJsonOrMissing, { maxKeys: 4 }).map((patch) => {
    const copy: Json = { ...template }
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) delete copy[key]
      else copy[key] = value
    }
    return copy
  })
}

const CHANNEL_TYPES = [
  'CHANNEL_ACCOUNT_CREATED',
  'CHANNEL_ACCOUNT_UPDATED',
  'CHANNEL_ACCOUNT_PURGED',
  'OUTGOING_CHANNEL_MESSAGE_UPDATED',
  'INCOMING_CHANNEL_MESSAGE_CREATED',
  'outgoing_channel_message_created',
  'OUTGOING_CHANNEL_MESSAGE_CREATED ',
]

/** The parts of an agent reply that decide whose it is and whether it is for the customer. */
const ROUTING_KEYS = ['id', 'conversationsThreadId', 'channelAccountId', 'type', 'direction', 'client']

/** An id as the integration reads one (a non-blank string or a number), else undefined. */
const readId = (value: unknown) =>
  typeof value === 'number' ? String(value) : typeof value === 'string' && value.trim() ? value : undefined

/**
 * Custom-channel webhooks built from a real agent reply (`template`), with whose they provably are (`fate`):
 * - 'foreign': for a thread this install never opened, with any field changed or missing;
 * - 'own': for its own thread, with a message id that cannot be valid (so nothing can be delivered or reported);
 * - a `message` that is no message at all: 'foreign' only when the event names another channel, else 'own'.
 * An 'own' event of this type must be answered for redelivery, a 'foreign' one acknowledged; nothing may be
 * delivered either way.
 */
export function channelEvents(template: Json, knownThreadId: string) {
  const message = template.message as Json
  const messageKeys = Object.keys(message)
  const foreignMessage = fc
    .tuple(
      patched(message, messageKeys),
      unknownThreadId(knownThreadId).filter((id) => readId(id) !== undefined),
    )
    .map(([patchedMessage, threadId]) => ({ ...patchedMessage, conversationsThreadId: threadId }))
    .map((value) => ({ value, fate: 'foreign' as const }))
  const brokenOwnMessage = fc
    .tuple(
      patched(
        message,
        messageKeys.filter((key) => !ROUTING_KEYS.includes(key)),
      ),
      notAnId,
    )
    .map(([patchedMessage, id]) => ({ ...patchedMessage, id, conversationsThreadId: knownThreadId }))
    .map((value) => ({ value, fate: 'own' as const }))
  const noMessage = anyJsonOrMissing
    .filter((value) => value === null || typeof value !== 'object' || Array.isArray(value))
    .map((value) => ({ value, fate: 'by channel' as const }))
  const type = fc.oneof(
    { weight: 4, arbitrary: fc.constant('OUTGOING_CHANNEL_MESSAGE_CREATED') },
    fc.constantFrom(...CHANNEL_TYPES),
    fc.string({ unit: 'binary', maxLength: 30 }),
    anyJson,
  )
  return fc
    .record({
      top: patched(
        template,
        Object.keys(template).filter((key) => key !== 'type' && key !== 'message'),
      ),
      type,
      message: fc.oneof({ weight: 3, arbitrary: foreignMessage }, brokenOwnMessage, noMessage),
    })
    .map(({ top, type: eventType, message: eventMessage }) => {
      const event: Json = { ...top, type: eventType, message: eventMessage.value }
      const otherChannel = (readId(top.channelId) ?? template.channelId) !== template.channelId
      const fate = eventMessage.fate === 'by channel' ? (otherChannel ? 'foreign' : 'own') : eventMessage.fate
      return { event, fate }
    })
}

const SUBSCRIPTION_TYPES = [
  'conversation.propertyChange',
  'conversation.deletion',
  'conversation.creation',
  'conversation.newMessage',
  'conversation.privacyDeletion',
]
const PROPERTY_NAMES = ['status', 'assignedTo', 'isArchived', 'hs_thread_status']
const PROPERTY_VALUES = ['CLOSED', 'OPEN', 'true', 'false', 'A-5001', '', 'null']

/** App webhook batches: events of threads this install never opened, malformed events of its own, and junk. */
export function appBatches(knownThreadId: string, portalId: number) {
  const base = {
    subscriptionType: fc.oneof(fc.constantFrom(...SUBSCRIPTION_TYPES), fc.string({ maxLength: 30 })),
    propertyName: fc.oneof(fc.constantFrom(...PROPERTY_NAMES), fc.string({ maxLength: 20 })),
    propertyValue: fc.oneof(fc.constantFrom(...PROPERTY_VALUES), fc.integer(), fc.boolean(), fc.constant(null)),
    portalId: fc.oneof(fc.constant(portalId), fc.integer()),
    occurredAt: fc.oneof(fc.constant(Date.now()), fc.integer()),
    eventId: fc.oneof(fc.integer(), fc.string({ maxLength: 12 })),
    messageType: fc.constantFrom('MESSAGE', 'COMMENT'),
  }
  const foreign = fc.record({ ...base, objectId: unknownThreadId(knownThreadId) }, { requiredKeys: ['objectId'] })
  // Its own thread, with exactly one field of a type the schema refuses.
  const malformedOwn = fc.oneof(
    fc.record({ ...base, objectId: fc.constant(Number(knownThreadId)), subscriptionType: notAnId }),
    fc.record({
      ...base,
      objectId: fc.constant(knownThreadId),
      propertyValue: fc.array(fc.string(), { minLength: 1 }),
    }),
    fc.record({ ...base, objectId: fc.constant(knownThreadId), occurredAt: fc.string({ maxLength: 5 }) }),
    fc.record({ ...base, objectId: notAnId.filter((value) => value !== undefined) }),
  )
  return fc.array(fc.oneof(foreign, malformedOwn, anyJson), { maxLength: 12 })
}

/** Signatures that cannot be right: empty, junk, unicode, wrong length, the right length, huge. */
export const badSignature = fc.oneof(
  fc.constant(''),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.base64String({ maxLength: 60 }),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('hex')),
  fc.constant('A'.repeat(100_000)),
)

const YEAR_MS = 365 * 24 * 3600_000

/**
 * Timestamps outside HubSpot's window (5 min old, 1 min ahead) or not timestamps at all. `now` is read once, so the
 * bounds keep a margin of minutes over the window: a property that runs for seconds must not drift into it.
 */
export const badTimestamp = (now: number) =>
  fc.oneof(
    fc.integer({ min: 5 * 60_000 + 3 * 60_000, max: 30 * YEAR_MS }).map((age) => String(now - age)),
    fc.integer({ min: 60_000 + 3 * 60_000, max: 30 * YEAR_MS }).map((ahead) => String(now + ahead)),
    fc.constantFrom('', ' ', 'NaN', '-1', '0', '1e12', `${now}.5`, ` ${now}`, `${now} `, '9'.repeat(17), '٠١٢٣'),
    fc.constant(String(Math.floor(now / 1000))),
    fc.string({ maxLength: 20 }),
  )

/** Private, loopback and link-local IPv4 addresses, written every way a URL parser accepts. */
export const privateIpv4Url = fc
  .tuple(
    fc.constantFrom<[number, number]>(
      [127, 0],
      [10, 0],
      [172, 16],
      [172, 31],
      [192, 168],
      [169, 254],
      [0, 0],
      [100, 64],
    ),
    fc.integer({ min: 0, max: 255 }),
    fc.integer({ min: 1, max: 254 }),
    fc.constantFrom('dotted', 'decimal', 'hex', 'octal'),
    fc.constantFrom('http', 'https'),
  )
  .map(([[a, b], c, d, form, scheme]) => {
    const n = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d
    const host =
      form === 'decimal'
        ? String(n)
        : form === 'hex'
          ? `0x${n.toString(16)}`
          : form === 'octal'
            ? [a, b, c, d].map((part) => `0${part.toString(8)}`).join('.')
            : `${a}.${b}.${c}.${d}`
    return `${scheme}://${host}/media/photo.png`
  })
