import * as bp from '.botpress'
import { oneAtATime, threadKey, type InstallContext } from './thread-lock'

/**
 * How long after startHitl returned the HITL plugin may still be activating the session. The plugin marks a
 * session active only after startHitl returned and it read the conversation back and linked it (a few calls), and
 * it drops hitlAssigned for a session that is not active yet. HubSpot redelivers a failed app webhook first after
 * about two minutes, well past this window.
 */
export const ACTIVATION_WINDOW_MS = 30_000

type Tags = Record<string, string | undefined>

/**
 * True while the plugin may not have activated the session: startHitl has not finished, or only just, and the
 * plugin has not relayed a customer message yet (it relays them only for an active session).
 */
export function mayNotBeActiveYet(tags: Tags, now: number = Date.now()): boolean {
  if (tags.activeSeenAt) return false
  const handedOverAt = Date.parse(tags.handedOverAt ?? '')
  return Number.isNaN(handedOverAt) || now - handedOverAt < ACTIVATION_WINDOW_MS
}

/**
 * The agent's actor id as threads name it (`A-<userId>`). HubSpot documents `assignedTo` only as "the agent ID of
 * the new assignee", so a bare numeric user id names the same agent. Blank means the thread was unassigned.
 */
export function agentActorId(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  if (!trimmed) return undefined
  const userId = /^(?:A-)?(\d+)$/i.exec(trimmed)?.[1]
  return userId ? `A-${userId}` : trimmed
}

export async function emitAssigned(client: bp.Client, conversationId: string, agentUserId: string): Promise<void> {
  await client.createEvent({
    type: 'hitlAssigned',
    conversationId,
    payload: { conversationId, userId: agentUserId },
  })
}

/**
 * The plugin relayed a customer message, so it has activated the session. Within the activation window this is
 * recorded, so assignment and closing no longer wait for a redelivery, and an assignment kept pending is announced
 * now, once: in line with the thread's app events (thread-lock), and from the tags as they are then, since an
 * assignment's redelivery may have announced it meanwhile. Later messages cost nothing here.
 */
export async function sessionSeenActive(
  { client, ctx }: { client: bp.Client; ctx: InstallContext },
  conversation: { id: string; tags: Tags },
): Promise<void> {
  if (!conversation.tags.pendingAgentUserId && !mayNotBeActiveYet(conversation.tags)) return
  await oneAtATime(threadKey(ctx, conversation.tags.threadId ?? conversation.id), async () => {
    const { tags } = (await client.getConversation({ id: conversation.id })).conversation
    const agentUserId = tags.pendingAgentUserId
    if (!agentUserId && !mayNotBeActiveYet(tags)) return
    if (agentUserId) await emitAssigned(client, conversation.id, agentUserId)
    await client.updateConversation({
      id: conversation.id,
      tags: {
        pendingAgentUserId: '',
        activeSeenAt: new Date().toISOString(),
        ...(agentUserId && { knownAgentUserId: agentUserId }),
      },
    })
  })
}
