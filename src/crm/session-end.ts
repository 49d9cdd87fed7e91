import * as bp from '.botpress'
import type { HubSpotClient } from '../hubspot'
import { unlessNotFound } from '../hubspot/errors'
import { ASSOCIATION, associationTo } from '../hubspot/crm'
import type { ThreadItem } from '../hubspot/schemas'
import { ticketPipelines } from './account-schema'
import { closedStageOf } from './pipelines'
import { crmSettings } from './settings'
import { ThreadLine, transcriptNoteBodies, transcriptText } from './transcript-notes'

type Props = { ctx: bp.Context; logger: bp.Logger }

/**
 * The end-of-session work as the session's end claim runs it (the HITL layer holds the claim): each step once,
 * even across a takeover by a retry, with the steps done so far recorded at a checkpoint.
 */
export type SessionEndSteps = {
  closedBy: bp.TIntegration['states']['sessionEnd']['payload']['closedBy']
  closedAt: string
  /** Runs one named piece of end-of-session work unless an earlier, interrupted claim recorded it as done. */
  step(name: string, work: () => Promise<void>): Promise<void>
  /** Records the steps done so far, before a step that must not be repeated by a takeover. */
  checkpoint(): Promise<void>
}
/** What the CRM follow-up needs to know of the session (the HITL flow's session record has it). */
type EndedSession = {
  ticketId?: string
  ticketPipelineId?: string
  contactId?: string
  threadId?: string
  customerName?: string
}

/** Every message of the thread, as lines with time and author; internal comments are not part of it. */
function threadLines(items: ReadonlyArray<ThreadItem>, customerName: string): ThreadLine[] {
  return items
    .filter((item) => item.type === 'MESSAGE')
    .map((item) => {
      const author = item.senders?.find((s) => s.name)?.name ?? (item.direction === 'INCOMING' ? customerName : 'Agent')
      const files = (item.attachments ?? []).map((a) => `[attachment: ${a.name ?? a.fileId ?? 'file'}]`)
      return { at: item.createdAt ?? '', author, text: [item.text ?? '', ...files].filter(Boolean).join(' ') }
    })
}

/**
 * When a session ends (either side), once: the ticket moves to its pipeline's closed stage, and the full
 * transcript goes onto the contact's timeline and the ticket as notes timestamped at the close time.
 */
export async function finishSessionInCrm(args: {
  props: Props
  hubspot: HubSpotClient
  session: EndedSession
  claim: SessionEndSteps
}): Promise<void> {
  const { props, hubspot, session, claim } = args
  const { ticketId, ticketPipelineId, contactId, threadId } = session
  const settings = crmSettings(props.ctx.configuration)

  if (ticketId && ticketPipelineId) {
    await claim.step('ticketClosed', async () => {
      const pipeline = (await ticketPipelines(hubspot)).find((p) => p.id === ticketPipelineId)
      const closed = pipeline && closedStageOf(pipeline)
      if (!closed) {
        props.logger
          .forBot()
          .warn(`Ticket ${ticketId} was left open: its pipeline ${ticketPipelineId} has no closed stage`)
        return
      }
      await hubspot.crm.update('tickets', ticketId, { hs_pipeline_stage: closed.id })
    })
  }

  if (settings.transcriptNotes && threadId && (contactId || ticketId)) {
    const history = await threadHistory(hubspot, threadId)
    if (!history) {
      // Purged (GDPR): its content is gone from HubSpot on purpose, so no copy of it is written to the CRM.
      props.logger
        .forBot()
        .info(`HubSpot thread ${threadId} no longer exists (purged), so no transcript note was written for it`)
      return
    }
    const lines = threadLines(history, session.customerName ?? 'Customer')
    const endedBy = claim.closedBy === 'bot' ? 'in the chat (by the customer or the bot)' : 'by the HubSpot agent'
    const title = `Bot handoff transcript, ended ${endedBy} at ${claim.closedAt}`
    const associations = [
      ...(contactId ? [associationTo(contactId, ASSOCIATION.noteToContact)] : []),
      ...(ticketId ? [associationTo(ticketId, ASSOCIATION.noteToTicket)] : []),
    ]
    const bodies = transcriptNoteBodies(title, transcriptText(lines))
    for (const [index, body] of bodies.entries()) {
      // One step per part, each recorded before the next starts: a takeover after a partial write adds only the
      // parts still missing. The last part is recorded by the claim's finish().
      if (index > 0) await claim.checkpoint()
      await claim.step(`transcriptNote:${index + 1}/${bodies.length}`, async () => {
        await hubspot.crm.create(
          'notes',
          { hs_note_body: body, hs_timestamp: String(Date.parse(claim.closedAt)) },
          associations,
        )
      })
    }
  }
}

/**
 * An archived thread (the agent archived or deleted it) only answers when asked for archived content; a purged
 * one answers 404 either way, and has no history (undefined).
 */
async function threadHistory(hubspot: HubSpotClient, threadId: string): Promise<ThreadItem[] | undefined> {
  return (
    (await unlessNotFound(hubspot.conversations.listThreadMessages(threadId))) ??
    unlessNotFound(hubspot.conversations.listThreadMessages(threadId, { archived: true }))
  )
}
