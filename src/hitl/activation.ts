import { setTimeout as sleep } from 'node:timers/promises'
import type { SessionRecord } from './session-record'

/**
 * How long an event the HITL plugin would drop before it activated the session is held, and how. HubSpot gives a
 * webhook 5 s to answer, so the hold ends well before; `settleMs` covers the plugin's writes between its link tag
 * and its activation (the start message id, then its `hitl` state).
 */
export const activationHold = { budgetMs: 2_500, pollMs: 250, settleMs: 1_000 }

/**
 * Waits, briefly, for the plugin to activate the session: true once it may take events and agent messages (the
 * session then holds the tags as last read), false when it still may not at the end of the hold (left to a
 * redelivery). Costs nothing when the session is known to be active; the first hold that sees the plugin's link
 * records it (markActiveSeen), so later events go through at once.
 */
export async function untilActive(session: SessionRecord): Promise<boolean> {
  if (!session.mayNotBeActiveYet()) return true
  const deadline = Date.now() + activationHold.budgetMs
  while (!session.hasPluginLink) {
    if (Date.now() + activationHold.pollMs > deadline) return false
    await sleep(activationHold.pollMs)
    await session.refresh()
    if (!session.mayNotBeActiveYet()) return true
  }
  await sleep(activationHold.settleMs)
  await session.markActiveSeen()
  return true
}

/** Not a failure: the event cannot be acted on yet, and HubSpot's redelivery will find it actionable. */
export class RedeliveryWanted extends Error {
  public constructor(reason: string) {
    super(`waiting for redelivery: ${reason}`)
    this.name = 'RedeliveryWanted'
  }
}

/**
 * An event the HITL plugin would drop while it may not have activated the session yet (see
 * SessionRecord.mayNotBeActiveYet) is held briefly for the activation (untilActive), else left to HubSpot's
 * redelivery.
 */
export async function activeOrRedeliver(session: SessionRecord): Promise<void> {
  if (!(await untilActive(session)))
    throw new RedeliveryWanted(`the HITL plugin may not have activated session ${session.id} yet`)
}
