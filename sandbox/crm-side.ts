/**
 * What the CRM layer wrote for one inbox thread, read back from the emulators: the HITL conversation that stands
 * for the thread in Botpress (found by its `threadId` tag) names the contact and the ticket (`contactId`,
 * `ticketId` tags), and the HubSpot emulator's CRM holds them, their pipeline and owner, and the notes on them.
 * Everything shown comes from there; what HubSpot does not have is null, never guessed.
 */
import type { BotpressEmulator } from '../emulators/botpress'
import type { CrmObjectSnapshot } from '../emulators/hubspot/crm/helpers'
import type { CrmObjectType } from '../emulators/hubspot/crm/types'
import type { HubSpotEmulator } from '../emulators/hubspot/hubspot-emulator'
import type { Configuration } from './integration-client'

export type CrmContactView = {
  /** The HubSpot record id. */
  id: string
  /** False when the conversation names a contact the CRM does not have. */
  found: boolean
  name: string | null
  email: string | null
  phone: string | null
}

export type CrmTicketView = {
  id: string
  found: boolean
  subject: string | null
  pipeline: { id: string; label: string | null } | null
  /** `label` and `closed` come from the pipeline's stage; null when the pipeline has no such stage. */
  stage: { id: string; label: string | null; closed: boolean | null } | null
  priority: { value: string; label: string } | null
  owner: { id: string; name: string | null; email: string | null } | null
  /** The configured marker property (`ticketMarkerProperty`) and the value the ticket carries, if any. */
  marker: { property: string; label: string; value: string | null; valueLabel: string | null }
  createdAt: string | null
  closedAt: string | null
}

export type CrmNoteView = {
  id: string
  /** `hs_timestamp`: when the note says it happened (the close time, for transcripts). */
  at: string
  /** HTML, as HubSpot stores note bodies: the page renders it through its sanitiser. */
  body: string
  /** Which of the thread's records the note is on. */
  on: ('contact' | 'ticket')[]
}

export type CrmView = {
  threadId: string
  /** The HITL conversation in Botpress whose `threadId` tag is this thread; null when there is none. */
  conversationId: string | null
  /** Null when the conversation links no contact (an anonymous customer). */
  contact: CrmContactView | null
  /** Null when no ticket was opened for the handoff. */
  ticket: CrmTicketView | null
  /** On the contact or the ticket, newest first. */
  notes: CrmNoteView[]
}

const DEFAULT_MARKER_PROPERTY = 'source_type'

const joined = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' ') || null

export class CrmSide {
  public constructor(
    private readonly hubspot: HubSpotEmulator,
    private readonly botpress: BotpressEmulator,
    private readonly config: Configuration,
  ) {}

  public view(threadId: string): CrmView {
    const conversation = this.botpress.conversations
      .filter((candidate) => candidate.channel === 'hitl' && candidate.tags.threadId === threadId)
      .at(-1)
    const contactId = conversation?.tags.contactId
    const ticketId = conversation?.tags.ticketId
    return {
      threadId,
      conversationId: conversation?.id ?? null,
      contact: contactId ? this.contact(contactId) : null,
      ticket: ticketId ? this.ticket(ticketId) : null,
      notes: this.notes(contactId, ticketId),
    }
  }

  private record(type: CrmObjectType, id: string): CrmObjectSnapshot | undefined {
    return this.hubspot.crmObjects(type).find((record) => record.id === id)
  }

  private contact(id: string): CrmContactView {
    const values = this.record('contacts', id)?.properties
    return {
      id,
      found: Boolean(values),
      name: joined(values?.firstname, values?.lastname),
      email: values?.email || null,
      phone: values?.phone || values?.mobilephone || null,
    }
  }

  private ticket(id: string): CrmTicketView {
    const record = this.record('tickets', id)
    const values = record?.properties ?? {}
    const crm = this.hubspot.store.crm
    const portal = crm.portal()
    const pipeline = portal.pipelines.tickets.find((candidate) => candidate.id === values.hs_pipeline)
    const stage = pipeline?.stages.find((candidate) => candidate.id === values.hs_pipeline_stage)
    const owner = portal.owners.find((candidate) => candidate.id === values.hubspot_owner_id)
    /** The label HubSpot shows for an option value of a ticket property. */
    const optionLabel = (property: string, value: string) =>
      crm.property(portal, 'tickets', property)?.options?.find((option) => option.value === value)?.label ?? value
    const markerProperty = this.config.ticketMarkerProperty || DEFAULT_MARKER_PROPERTY
    const markerValue = values[markerProperty] || null
    return {
      id,
      found: Boolean(record),
      subject: values.subject || null,
      pipeline: values.hs_pipeline ? { id: values.hs_pipeline, label: pipeline?.label ?? null } : null,
      stage: values.hs_pipeline_stage
        ? {
            id: values.hs_pipeline_stage,
            label: stage?.label ?? null,
            closed: stage ? stage.metadata.ticketState === 'CLOSED' : null,
          }
        : null,
      priority: values.hs_ticket_priority
        ? { value: values.hs_ticket_priority, label: optionLabel('hs_ticket_priority', values.hs_ticket_priority) }
        : null,
      owner: values.hubspot_owner_id
        ? {
            id: values.hubspot_owner_id,
            name: joined(owner?.firstName, owner?.lastName),
            email: owner?.email || null,
          }
        : null,
      marker: {
        property: markerProperty,
        label: crm.property(portal, 'tickets', markerProperty)?.label ?? markerProperty,
        value: markerValue,
        valueLabel: markerValue && optionLabel(markerProperty, markerValue),
      },
      createdAt: record?.createdAt ?? null,
      closedAt: values.closed_date || null,
    }
  }

  private notes(contactId: string | undefined, ticketId: string | undefined): CrmNoteView[] {
    if (!contactId && !ticketId) return []
    const on = (note: CrmObjectSnapshot, type: 'contacts' | 'tickets', id: string | undefined) =>
      Boolean(id && note.associations[type]?.some((link) => link.id === id))
    return this.hubspot
      .notes()
      .map((note) => ({
        id: note.id,
        at: note.properties.hs_timestamp ?? note.createdAt,
        body: note.properties.hs_note_body ?? '',
        on: [
          ...(on(note, 'contacts', contactId) ? (['contact'] as const) : []),
          ...(on(note, 'tickets', ticketId) ? (['ticket'] as const) : []),
        ],
      }))
      .filter((note) => note.on.length > 0)
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || Number(b.id) - Number(a.id))
  }
}
