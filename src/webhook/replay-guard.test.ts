import { appEvent } from './events'
import { MAX_V1_EVENT_AGE_MS, rememberAppliedV1Event, v1ReplayRefusal } from './replay-guard'

const now = 1_800_000_000_000
const event = (fields: Record<string, unknown> = {}) =>
  appEvent.parse({
    subscriptionType: 'conversation.propertyChange',
    objectId: 8000000001,
    portalId: 9876543,
    eventId: 42,
    subscriptionId: 7,
    occurredAt: now - 1000,
    propertyName: 'assignedTo',
    propertyValue: 'A-5001',
    ...fields,
  })

describe('v1 replay guard', () => {
  it('refuses an event without a time, from more than five minutes ago, or from the future', () => {
    expect(v1ReplayRefusal('bot/a', event({ occurredAt: undefined }), now)).toMatch(/occurredAt/)
    expect(v1ReplayRefusal('bot/a', event({ occurredAt: now - MAX_V1_EVENT_AGE_MS - 1 }), now)).toMatch(/five/)
    expect(v1ReplayRefusal('bot/a', event({ occurredAt: now + 2 * 60_000 }), now)).toMatch(/future/)
    expect(v1ReplayRefusal('bot/a', event(), now)).toBeUndefined()
  })

  it('refuses an event applied already by the same install only', () => {
    rememberAppliedV1Event('bot/one', event({ eventId: 1 }), now)
    expect(v1ReplayRefusal('bot/one', event({ eventId: 1 }), now)).toMatch(/applied already/)
    expect(v1ReplayRefusal('bot/two', event({ eventId: 1 }), now)).toBeUndefined()
    // The same event id with another value is another event (HubSpot does not promise unique event ids).
    expect(v1ReplayRefusal('bot/one', event({ eventId: 1, propertyValue: 'A-5002' }), now)).toBeUndefined()
  })

  it('keeps a bounded memory per install', () => {
    for (let id = 0; id < 5000; id++) rememberAppliedV1Event('bot/busy', event({ eventId: id }), now)
    expect(v1ReplayRefusal('bot/busy', event({ eventId: 4999 }), now)).toMatch(/applied already/)
    expect(v1ReplayRefusal('bot/busy', event({ eventId: 0 }), now)).toBeUndefined()
  })
})
