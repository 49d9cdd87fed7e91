/**
 * REGRESSION TEST for a bug the bad-input suite's startHitl inputs found (fixed by cutting the subject to
 * MAX_TICKET_SUBJECT and custom values to MAX_TICKET_CONTENT in src/crm/ticket-properties.ts). It was:
 *
 * `title` has no maximum length in the action's schema, and src/crm/ticket-properties.ts sends it as the ticket's
 * `subject` untruncated (`subject: input.title?.trim() || …`; only `content` goes through `truncateText`). HubSpot
 * refuses string property values over 65,536 characters (VALUE_TOO_LONG), and src/hitl/start-hitl.ts opens the ticket
 * after it has published the transcript: the call fails with "HubSpot could not create a ticket (HTTP 400, …)" while
 * the thread is already in the agents' inbox, and every retry fails the same way. The same goes for a long custom
 * ticket property value from the card (`hitlSession.properties`).
 */
import { useHarness } from '../support/harness'
import { registeredHarness } from '../support/scenario'

const harness = useHarness()

it('startHitl with a 70,000-character title opens the session (the ticket subject is shortened)', async () => {
  const h = await registeredHarness(harness())
  const { userId } = await h.action<{ userId: string }>('createUser', { name: 'Ada', email: 'ada@example.com' })
  const response = await h.call('action_triggered', {
    type: 'startHitl',
    input: { userId, title: 'x'.repeat(70_000), messageHistory: [] },
  })
  expect({ status: response.status, body: response.body.slice(0, 300) }).toMatchObject({ status: 200 })
  const { conversationId } = response.json<{ output: { conversationId: string } }>().output
  const threadId = h.botpress.getConversation(conversationId)!.tags.threadId
  expect(h.hubspot.threads().map((thread) => thread.id)).toEqual([threadId])
  const [ticket] = h.hubspot.crmObjects('tickets')
  expect(ticket!.properties.subject).toHaveLength(1_000)
})
