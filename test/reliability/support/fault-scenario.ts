/**
 * The fault suite's scenario: many HITL sessions at once, each a conversation of customer messages and agent
 * replies in turn ending with a plugin notice, with random faults on both emulators during the message phase,
 * then a check of every message against what really exists, with the faults off.
 */
import type { RandomFaultKind } from '../../../emulators/random-faults'
import type { Harness } from '../../support/harness'
import { escalate, threadItems } from '../../support/scenario'
import { deliverAgentReply, relayMessage } from './delivery'
import { emptyTally, record, Tally, verdictOf } from './ledger'
import { mapPool } from './pool'
import { inline } from './report'

export type FaultScenario = {
  sessions: number
  /** Customer messages, and as many agent replies, per session. */
  messagesEach: number
  /** Sessions in flight at once during the message phase. */
  concurrency: number
  rate: number
  seed: number
  hubspotKinds: ReadonlyArray<RandomFaultKind>
  botpressKinds: ReadonlyArray<RandomFaultKind>
  /** Calls of one logical send, the first included: Botpress' `message_created` retries, HubSpot's redeliveries. */
  maxAttempts: number
  /** Scripted faults added as the message phase starts. */
  script?: (h: Harness) => void
  /** Calls made at once for the first attempt of every send (parallel deliveries of one message); default 1. */
  parallelCopies?: number
}

type Session = Awaited<ReturnType<typeof escalate>> & { index: number }
type RelayedSend = Awaited<ReturnType<typeof relayMessage>> & { text: string }
type AgentSend = Awaited<ReturnType<typeof deliverAgentReply>> & { text: string }
type SessionRun = { session: Session; customer: RelayedSend[]; agent: AgentSend[]; notice?: RelayedSend }

const AGENTS = ['A-5001', 'A-5002']

/**
 * One conversation: customer messages and agent replies in turn, in order. In every other session the agent
 * speaks first (answering the transcript the escalation published), so both directions are busy from the start.
 */
async function runSession(h: Harness, session: Session, scenario: FaultScenario): Promise<SessionRun> {
  const run: SessionRun = { session, customer: [], agent: [] }
  const agent = AGENTS[session.index % AGENTS.length]!
  const { conversationId, userId } = session
  const copies = scenario.parallelCopies ?? 1
  const customerSpeaks = async (turn: number) => {
    const text = `session ${session.index} customer message ${turn}`
    const sent = await relayMessage(h, conversationId, { text, userId }, scenario.maxAttempts, copies)
    run.customer.push({ text, ...sent })
  }
  const agentSpeaks = async (turn: number) => {
    const text = `session ${session.index} agent reply ${turn}`
    run.agent.push({ text, ...(await deliverAgentReply(h, session, agent, text, scenario.maxAttempts, copies)) })
  }
  const [first, second] = session.index % 2 === 0 ? [customerSpeaks, agentSpeaks] : [agentSpeaks, customerSpeaks]
  for (let turn = 0; turn < scenario.messagesEach; turn++) {
    await first(turn)
    await second(turn)
  }
  // The plugin's own notice (no userId): an internal comment, which HubSpot cannot deduplicate for us.
  const notice = `( Session ${session.index}: the user has ended the session. )`
  run.notice = {
    text: notice,
    ...(await relayMessage(h, conversationId, { text: notice }, scenario.maxAttempts, copies)),
  }
  return run
}

/** Reads the emulators' stores directly (no API call, no fault) and classifies every send. */
function verify(h: Harness, runs: SessionRun[]) {
  const customer = emptyTally()
  const agent = emptyTally()
  const notices = emptyTally()
  /** Delivered customer messages and notices whose Botpress record lacks HubSpot's id (the ack). */
  const unacked: string[] = []
  /** Delivered agent replies HubSpot does not show as SENT. */
  const notSent: string[] = []
  const copiesByHubSpotId = new Map<string, number>()
  for (const message of h.botpress.messages) {
    const key = message.tags.hubspotMessageId
    if (key && h.botpress.getUser(message.userId)?.tags.kind === 'agent')
      copiesByHubSpotId.set(key, (copiesByHubSpotId.get(key) ?? 0) + 1)
  }
  for (const { session, customer: questions, agent: answers, notice } of runs) {
    const items = threadItems(h, session.threadId)
    const relayed = (tally: Tally, send: RelayedSend, type: string, matches: (text: string) => boolean) => {
      const copies = items.filter((item) => item.type === type && matches(item.text ?? '')).length
      const verdict = verdictOf({ ok: send.ok, copies })
      record(tally, verdict, send.attempts, () => `"${send.text}": ${copies} copies, answers ${send.statuses}`)
      const acked = h.botpress.store.messages.get(send.messageId)?.tags.hubspotMessageId
      if (verdict === 'delivered' && !acked) unacked.push(send.text)
    }
    for (const send of questions) relayed(customer, send, 'MESSAGE', (text) => text === send.text)
    if (notice) relayed(notices, notice, 'COMMENT', (text) => text.endsWith(notice.text))
    for (const send of answers) {
      const copies = copiesByHubSpotId.get(send.hubspotMessageId) ?? 0
      const status = items.find((item) => item.id === send.hubspotMessageId)?.status?.statusType
      const verdict = verdictOf({ ok: send.ok, copies, failureShown: status === 'FAILED' })
      record(
        agent,
        verdict,
        send.attempts,
        () => `"${send.text}": ${copies} copies, ${status}, answers ${send.statuses}`,
      )
      // HubSpot does not redeliver after a 4xx: under transient faults that would be a lost reply.
      if (send.statuses.some((code) => code >= 400 && code < 500)) agent.problems.push(`4xx: "${send.text}"`)
      if (verdict === 'delivered' && status !== 'SENT') notSent.push(`${send.text} (${status})`)
    }
  }
  return { customer, agent, notices, unacked, notSent }
}

/**
 * On a registered install: escalates every session without faults (set-up, not under test), then runs the
 * message phase with the faults on, and verifies with them off.
 */
export async function runFaultScenario(h: Harness, scenario: FaultScenario) {
  const started = Date.now()
  const indexes = Array.from({ length: scenario.sessions }, (_, index) => index)
  const sessions: Session[] = await mapPool(indexes, 20, async (index) => ({
    index,
    ...(await escalate(h, { name: `Customer ${index}`, email: `customer${index}@example.com` })),
  }))
  const escalated = Date.now()

  const calls = { hubspot: h.hubspot.calls.length, botpress: h.botpress.calls.length }
  h.hubspot.setRandomFaults({ rate: scenario.rate, kinds: scenario.hubspotKinds, seed: scenario.seed })
  h.botpress.setRandomFaults({ rate: scenario.rate, kinds: scenario.botpressKinds, seed: scenario.seed + 1 })
  scenario.script?.(h)
  const runs = await mapPool(sessions, scenario.concurrency, (session) => runSession(h, session, scenario))
  const faults = { hubspot: h.hubspot.randomFaultStats!, botpress: h.botpress.randomFaultStats! }
  h.hubspot.clearFaults()
  h.botpress.clearFaults()
  const finished = Date.now()

  return {
    ...verify(h, runs),
    faults,
    calls: { hubspot: h.hubspot.calls.length - calls.hubspot, botpress: h.botpress.calls.length - calls.botpress },
    seconds: { escalation: (escalated - started) / 1000, messages: (finished - escalated) / 1000 },
  }
}

export type FaultScenarioResult = Awaited<ReturnType<typeof runFaultScenario>>

const verdictLine = (tally: Tally) =>
  `${tally.sends} sends: delivered ${tally.delivered}, failed-reported ${tally['failed-reported']}, ` +
  `delivered-but-reported-failed ${tally['delivered-but-reported-failed']}, duplicated ${tally.duplicated}, ` +
  `silently-lost ${tally['silently-lost']}; redeliveries ${tally.redeliveries}`

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0)

/** The table printed at the end of the suite. */
export function summaryRows(scenario: FaultScenario, result: FaultScenarioResult): [string, string][] {
  const { sessions, messagesEach: each, concurrency } = scenario
  const { hubspot, botpress } = result.faults
  return [
    ['sessions × (customer + agent)', `${sessions} × (${each} + ${each}), ${concurrency} at once`],
    ['copies of each first delivery, at once', String(scenario.parallelCopies ?? 1)],
    ['fault rate, seed', `${scenario.rate}, ${scenario.seed}`],
    ['customer → agent', verdictLine(result.customer)],
    ['agent → customer', verdictLine(result.agent)],
    ['plugin notices', verdictLine(result.notices)],
    ['delivered, not acked / not SENT', `${result.unacked.length} / ${result.notSent.length}`],
    ['HubSpot calls (faulted)', `${result.calls.hubspot} (${total(hubspot.counts)}): ${inline(hubspot.counts)}`],
    ['Botpress calls (faulted)', `${result.calls.botpress} (${total(botpress.counts)}): ${inline(botpress.counts)}`],
    ['escalation, messages (s)', `${result.seconds.escalation.toFixed(1)}, ${result.seconds.messages.toFixed(1)}`],
  ]
}
