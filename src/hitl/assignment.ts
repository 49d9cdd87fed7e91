import * as bp from '.botpress'
import type { SessionRecord } from './session-record'
import { oneAtATime, threadKey } from './thread-lock'
import type { InstallContext } from '../platform/install'

/** A HubSpot user's actor id, as threads name agents. */
export const userActorId = (userId: string) => `A-${userId}`

/** The HubSpot user id in an agent's actor id (`A-<userId>`) or in a bare numeric id; undefined for anything else. */
export const userIdOfAgent = (value: string) => /^(?:A-)?(\d+)$/i.exec(value.trim())?.[1]

/**
 * The agent's actor id as threads name it (`A-<userId>`). HubSpot documents `assignedTo` only as "the agent ID of
 * the new assignee", so a bare numeric user id names the same agent. Blank means the thread was unassigned.
 */
export function agentActorId(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  if (!trimmed) return undefined
  const userId = userIdOfAgent(trimmed)
  return userId ? userActorId(userId) : trimmed
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
  session: SessionRecord,
): Promise<void> {
  if (!session.pendingAgent && !session.mayNotBeActiveYet()) return
  await oneAtATime(threadKey(ctx, session.threadId ?? session.id), async () => {
    await session.refresh()
    const agentUserId = session.pendingAgent
    if (!agentUserId && !session.mayNotBeActiveYet()) return
    if (agentUserId) await emitAssigned(client, session.id, agentUserId)
    await session.markActiveAfterRelay(agentUserId)
  })
}
