import { randomUUID } from 'node:crypto'
import * as bp from '.botpress'
import type { SessionEndSteps } from '../crm/session-end'
import type { SessionRecord } from './session-record'

type SessionEnd = bp.states.sessionEnd.SessionEnd['payload']

/** A claim older than this whose work never finished belongs to a call that failed; a redelivery takes over. */
const STALE_CLAIM_MS = 30_000

export type SessionEndClaim = SessionEndSteps & {
  /** Records that the end-of-session work is done, so no redelivery repeats it. */
  finish(): Promise<void>
  /**
   * After a failure: records the steps done and gives the claim up at once, so the caller's retry (or HubSpot's
   * CLOSED echo) takes it over and finishes the rest instead of finding it held and skipping the work.
   */
  release(): Promise<void>
}

/** Why no claim was given: the session's end is done already, or another call holds an unfinished claim. */
type NoClaim = 'finished' | 'in-progress'

/**
 * Ends a session exactly once. `getOrSetState` is atomic, so when close events race (redeliveries, or the
 * agent closing while the bot stops) only the call whose random claim was stored gets a claim and does
 * the end-of-session work; others learn whether it is finished or still in progress. If that call fails before
 * `finish()`, it releases the claim, and the next call (a retry, HubSpot's redelivery) takes it over; a claim
 * whose call died without releasing it is taken over once it is stale. So the work is neither lost nor done twice.
 */
export async function claimSessionEnd(
  client: bp.Client,
  session: SessionRecord,
  by: SessionEnd['closedBy'],
  at: string,
  now: number = Date.now(),
): Promise<SessionEndClaim | NoClaim> {
  const mine: SessionEnd = { closedAt: at, closedBy: by, claim: randomUUID(), claimedAt: now }
  const ref = { type: 'conversation', id: session.id, name: 'sessionEnd' } as const
  const { state } = await client.getOrSetState({ ...ref, payload: mine })
  const stored = state.payload as SessionEnd
  let claimed = stored.claim === mine.claim ? stored : undefined
  if (!claimed && !stored.finished && now - stored.claimedAt > STALE_CLAIM_MS) {
    claimed = { ...stored, claim: mine.claim, claimedAt: now }
    await client.setState({ ...ref, payload: claimed })
  }
  if (!claimed) return stored.finished ? 'finished' : 'in-progress'
  await session.markClosed()
  let current = claimed
  const save = async (next: SessionEnd) => {
    current = next
    await client.setState({ ...ref, payload: next })
  }
  // Steps are recorded in memory and written at a checkpoint or at the end: one state write per session end
  // instead of one per step. A takeover may repeat an unrecorded step, so steps that are not safe to repeat
  // (a note created twice) are recorded by a checkpoint before the next one starts.
  let done = [...(claimed.doneSteps ?? [])]
  return {
    closedBy: current.closedBy,
    closedAt: current.closedAt,
    step: async (name, work) => {
      if (done.includes(name)) return
      await work()
      done = [...done, name]
    },
    checkpoint: async () => {
      if (done.length !== (current.doneSteps ?? []).length) await save({ ...current, doneSteps: done })
    },
    finish: () => save({ ...current, doneSteps: done, finished: true }),
    release: () => save({ ...current, doneSteps: done, claimedAt: 0 }),
  }
}
