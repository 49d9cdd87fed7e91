import { z } from '@botpress/sdk'

/**
 * The outer shape HubSpot always sends: custom-channel webhooks are one object with a `type`; app webhooks
 * are an array of events. Each event is validated on its own later, so one malformed event in a batch does
 * not block the others.
 */
const channelEnvelope = z.object({ type: z.string().min(1) }).passthrough()
const appEnvelope = z.array(z.unknown()).min(1)

export type WebhookEnvelope =
  { kind: 'channel'; event: z.infer<typeof channelEnvelope> } | { kind: 'app'; events: unknown[] }

type EnvelopeResult = { ok: true; envelope: WebhookEnvelope } | { ok: false; reason: string }

export function parseEnvelope(rawBody: string | undefined): EnvelopeResult {
  let body: unknown
  try {
    body = JSON.parse(rawBody ?? '')
  } catch {
    return { ok: false, reason: 'body is not JSON' }
  }
  if (Array.isArray(body)) {
    const events = appEnvelope.safeParse(body)
    return events.success
      ? { ok: true, envelope: { kind: 'app', events: events.data } }
      : { ok: false, reason: 'expected a non-empty array of events' }
  }
  const event = channelEnvelope.safeParse(body)
  return event.success
    ? { ok: true, envelope: { kind: 'channel', event: event.data } }
    : { ok: false, reason: 'expected an event object with a type' }
}
