/**
 * A real clock that never returns the same millisecond twice: records created in one millisecond still sort by
 * creation. Two emulators that stamp records of one story (a customer message in Botpress, the agent's reply in
 * HubSpot) must read the same such clock: one that ran ahead during a burst of writes would otherwise date its next
 * record after a later one of the other emulator's.
 */
export type Clock = () => number

/**
 * How far the clock may run ahead of `Date.now()`. A burst of writes leads it by a few milliseconds; a lead beyond
 * this means a test moved `Date.now` forward and back again, and the clock goes back with it, as the wall clock did.
 */
const MAX_LEAD_MS = 1_000

export function monotonicClock(): Clock {
  let lastMs = 0
  return () => {
    const wallMs = Date.now()
    lastMs = lastMs + 1 - wallMs > MAX_LEAD_MS ? wallMs : Math.max(wallMs, lastMs + 1)
    return lastMs
  }
}
