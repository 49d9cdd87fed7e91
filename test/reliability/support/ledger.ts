/**
 * Classifies every logical send of the fault suite by what its caller saw and what really exists afterwards.
 * "No silent loss" means every send is either delivered or was reported failed to its caller.
 */
export const VERDICTS = [
  'delivered',
  'failed-reported',
  'delivered-but-reported-failed',
  'duplicated',
  'silently-lost',
] as const
export type Verdict = (typeof VERDICTS)[number]

/**
 * `ok`: the caller's last attempt succeeded. `copies`: how many times the message exists on the other side.
 * `failureShown`: the far side was told the send failed although the call itself succeeded (an agent reply
 * reported FAILED in HubSpot); that is a reported failure, not a loss.
 */
export function verdictOf(send: { ok: boolean; copies: number; failureShown?: boolean }): Verdict {
  if (send.copies > 1) return 'duplicated'
  if (send.ok) {
    if (send.copies === 1) return 'delivered'
    return send.failureShown ? 'failed-reported' : 'silently-lost'
  }
  return send.copies === 0 ? 'failed-reported' : 'delivered-but-reported-failed'
}

export type Tally = Record<Verdict, number> & { sends: number; redeliveries: number; problems: string[] }

export const emptyTally = (): Tally => ({
  ...(Object.fromEntries(VERDICTS.map((verdict) => [verdict, 0])) as Record<Verdict, number>),
  sends: 0,
  redeliveries: 0,
  problems: [],
})

/** Adds one send; anything that is neither delivered nor an honest failure is kept with its details. */
export function record(tally: Tally, verdict: Verdict, attempts: number, describe: () => string): void {
  tally[verdict]++
  tally.sends++
  tally.redeliveries += attempts - 1
  if (verdict === 'duplicated' || verdict === 'silently-lost') tally.problems.push(`${verdict}: ${describe()}`)
}
