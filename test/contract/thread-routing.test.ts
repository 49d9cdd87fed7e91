/**
 * The emulator's thread assignment, contact thread list and owners, against what HubSpot's Conversations spec
 * (v3, and the parameter descriptions of its 2026-09-beta twin) and Owners spec document, through direct calls.
 * What the specs leave open (the status of a refused assignment) is the emulator's stated assumption (README.md).
 */
import type { HubSpotEmulator } from '../../emulators/hubspot/hubspot-emulator'
import { useHarness } from '../support/harness'
import { escalate, registeredHarness } from '../support/scenario'
import * as spec from './spec-schemas'

const harness = useHarness({ rateLimit: false })
const THREADS = '/conversations/v3/conversations/threads'
const assignee = (threadId: string) => `/conversations/conversations/v3/threads/${threadId}/assignee`

function caller(emulator: HubSpotEmulator) {
  const token = emulator.issueAccessToken()
  return async (method: string, path: string, json?: unknown) => {
    const response = await emulator.handle(
      new Request(`https://api.hubapi.com${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
        body: json === undefined ? undefined : JSON.stringify(json),
      }),
    )
    const text = await response.text()
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> }
  }
}

/** Ada's three threads (two closed), the contact they belong to, and a caller with a bearer token. */
async function threeThreads() {
  const h = await registeredHarness(harness())
  const threadIds: string[] = []
  for (const title of ['First', 'Second', 'Third']) threadIds.push((await escalate(h, { title })).threadId)
  h.hubspot.closeThread(threadIds[0]!)
  h.hubspot.closeThread(threadIds[1]!)
  const contactId = String(h.hubspot.store.threads.get(threadIds[0]!)!.visitorContactId)
  return { h, threadIds, contactId, call: caller(h.hubspot) }
}

describe("a contact's threads (GET …/threads?associatedContactId=…)", () => {
  it('needs threadStatus with associatedContactId, refuses inboxId beside it, and takes one status', async () => {
    const { h, contactId, call } = await threeThreads()
    const inboxId = h.hubspot.portal().inboxes[0]!.id
    expect((await call('GET', `${THREADS}?associatedContactId=${contactId}`)).status).toBe(400)
    const both = `${THREADS}?associatedContactId=${contactId}&threadStatus=OPEN&inboxId=${inboxId}`
    expect((await call('GET', both)).status).toBe(400)
    expect((await call('GET', `${THREADS}?associatedContactId=${contactId}&threadStatus=ANY`)).status).toBe(400)
  })

  it('filters by contact and status, newest first with -id, as a PublicThread page', async () => {
    const { threadIds, contactId, call } = await threeThreads()
    const closed = await call('GET', `${THREADS}?associatedContactId=${contactId}&threadStatus=CLOSED&sort=-id`)
    expect(closed.status).toBe(200)
    expect(spec.threadList.safeParse(closed.body).success).toBe(true)
    expect((closed.body.results as { id: string }[]).map((t) => t.id)).toEqual([threadIds[1], threadIds[0]])
    const open = await call('GET', `${THREADS}?associatedContactId=${contactId}&threadStatus=OPEN`)
    expect((open.body.results as { id: string }[]).map((t) => t.id)).toEqual([threadIds[2]])
    const other = await call('GET', `${THREADS}?associatedContactId=1&threadStatus=CLOSED`)
    expect(other.body.results).toEqual([])
  })

  it('sorts descending only with associatedContactId, and by latestMessageTimestamp only with its lower bound', async () => {
    const { threadIds, call } = await threeThreads()
    const ascending = await call('GET', `${THREADS}?sort=-id`)
    expect((ascending.body.results as { id: string }[]).map((t) => t.id)).toEqual(threadIds)
    expect((await call('GET', `${THREADS}?sort=latestMessageTimestamp`)).status).toBe(400)
    const since = `${THREADS}?sort=latestMessageTimestamp&latestMessageTimestampAfter=2000-01-01T00:00:00Z`
    expect((await call('GET', since)).status).toBe(200)
    expect((await call('GET', `${THREADS}?sort=createdAt`)).status).toBe(400)
  })
})

describe('assigning a thread (PUT/DELETE …/threads/{threadId}/assignee)', () => {
  it('assigns with actorId (200, the PublicThread), unassigns (204), and sends the assignedTo webhook for each', async () => {
    const { h, threadIds, call } = await threeThreads()
    h.hubspot.takeWebhookDeliveries()
    const assigned = await call('PUT', assignee(threadIds[2]!), { actorId: 'A-5002' })
    expect(assigned.status).toBe(200)
    expect(spec.thread.safeParse(assigned.body).success).toBe(true)
    expect(assigned.body.assignedTo).toBe('A-5002')
    expect((await call('DELETE', assignee(threadIds[2]!))).status).toBe(204)
    const events = h.hubspot
      .takeWebhookDeliveries()
      .flatMap((delivery) => JSON.parse(delivery.body) as Record<string, unknown>[])
    expect(events.map((event) => [event.propertyName, event.propertyValue, event.changeSource])).toEqual([
      ['assignedTo', 'A-5002', 'INTEGRATION'],
      ['assignedTo', '', 'INTEGRATION'],
    ])
  })

  it('answers 404 for an unknown thread and 400 without actorId', async () => {
    const { threadIds, call } = await threeThreads()
    expect((await call('PUT', assignee('8999999999'), { actorId: 'A-5001' })).status).toBe(404)
    expect((await call('PUT', assignee(threadIds[2]!), {})).status).toBe(400)
  })

  it('refuses (400, assumed) an unknown agent, a deactivated user and a user of other inboxes only', async () => {
    const { h, threadIds, call } = await threeThreads()
    const [alice, bob] = h.hubspot.portal().agents
    alice!.inboxIds = ['147002']
    bob!.deactivated = true
    for (const actorId of ['A-9999', 'A-5001', 'A-5002']) {
      const refused = await call('PUT', assignee(threadIds[2]!), { actorId })
      expect(refused.status).toBe(400)
      expect(refused.body.category).toBe('VALIDATION_ERROR')
    }
    expect(h.hubspot.store.threads.get(threadIds[2]!)!.assignedTo).toBeUndefined()
  })
})

describe('owners of deactivated users (GET /crm/v3/owners)', () => {
  it('names the user only in userIdIncludingInactive, as a PublicOwner', async () => {
    const h = await registeredHarness(harness())
    const owner = h.hubspot.store.crm.portal(h.hubspot.defaultHubId).owners.find((o) => o.userId === 5002)!
    owner.deactivated = true
    const found = await caller(h.hubspot)('GET', `/crm/v3/owners?email=${encodeURIComponent(owner.email)}`)
    expect(spec.ownerList.safeParse(found.body).success).toBe(true)
    const [listed] = found.body.results as Record<string, unknown>[]
    expect(listed!.userId).toBeUndefined()
    expect(listed!.userIdIncludingInactive).toBe(5002)
  })
})
