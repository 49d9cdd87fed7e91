/**
 * REGRESSION TEST for a bug found while building the fault suite (fixed in 1b2adff). It was:
 *
 * A plugin notice (a hitl message without `payload.userId`, e.g. "( The user has ended the session. )") becomes
 * an internal comment through `POST /conversations/v3/conversations/threads/{id}/messages`
 * (src/hitl/channel/forward-message.ts → ConversationsApi.postComment, src/hubspot/conversations.ts), a POST
 * without an idempotency key. When HubSpot applies it but the answer is lost (a timeout, a dropped connection),
 * the HTTP layer rightly does not retry, the channel handler fails, and Botpress calling `message_created` again
 * for the same message posts the comment a second time. Customer messages do not have this problem: they carry
 * `integrationIdempotencyId` = the Botpress message id.
 */
import { useHarness } from '../support/harness'
import { escalate, registeredHarness, threadItems } from '../support/scenario'

const harness = useHarness()

it('shows a plugin notice to the agent once, even when its answer was lost and Botpress redelivers it', async () => {
  const h = await registeredHarness(harness())
  // A verified customer: no handoff note, so the notice is the thread's only comment.
  const { conversationId, threadId } = await escalate(h, { hitlSession: { identityVerified: true } })
  const notice = { text: '( The user has ended the session. )' }
  const noticeComments = () =>
    threadItems(h, threadId).filter((item) => item.type === 'COMMENT' && item.text?.includes(notice.text))

  // HubSpot applies the comment, then the connection drops before its answer: the first delivery must fail.
  h.hubspot.injectFault({ operation: 'postThreadMessage', dropResponse: true })
  const first = await h.sendToAgent(conversationId, 'text', notice)
  expect(first.response.status).not.toBe(200)
  expect(h.hubspot.callsTo('postThreadMessage').map((call) => call.status)).toEqual([201])
  expect(noticeComments()).toHaveLength(1)

  // The platform calls the channel handler again with the same message because the first call failed.
  const retry = await h.call('message_created', {
    conversation: h.botpress.getConversation(conversationId),
    user: { id: h.ids.botUserId, tags: {} },
    type: 'text',
    payload: notice,
    message: first.message,
  })
  expect(retry.status).toBe(200)
  // The retry found the comment its first attempt posted instead of posting another.
  expect(h.hubspot.callsTo('postThreadMessage')).toHaveLength(1)
  expect(noticeComments()).toHaveLength(1)
})
