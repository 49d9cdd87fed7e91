/** What a fresh portal's CRM holds: HubSpot's default pipelines plus ours, and one owner per agent (hubspot-facts.md §9). */
import type { Agent } from '../types'
import type { Owner, Pipeline, PipelineStage } from './types'

const SEEDED_AT = '2025-01-01T00:00:00.000Z'

export type StageInput = { id?: string; label: string; metadata: Record<string, string> }
export type PipelineInput = { id?: string; label: string; displayOrder?: number; stages: StageInput[] }

export function buildPipeline(input: PipelineInput, id: string, displayOrder: number, at: string): Pipeline {
  const stages: PipelineStage[] = input.stages.map((stage, index) => ({
    id: stage.id ?? `${id}-stage-${index + 1}`,
    label: stage.label,
    displayOrder: index,
    metadata: { ...stage.metadata },
    archived: false,
    createdAt: at,
    updatedAt: at,
  }))
  return { id, label: input.label, displayOrder, stages, archived: false, createdAt: at, updatedAt: at }
}

const ticketStage = (id: string, label: string, ticketState: 'OPEN' | 'CLOSED'): StageInput => ({
  id,
  label,
  metadata: { ticketState },
})

const dealStage = (id: string, label: string, probability: string, isClosed = false): StageInput => ({
  id,
  label,
  metadata: { isClosed: String(isClosed), probability },
})

export function defaultTicketPipelines(): Pipeline[] {
  return [
    buildPipeline(
      {
        label: 'Support Pipeline',
        stages: [
          ticketStage('1', 'New', 'OPEN'),
          ticketStage('2', 'Waiting on contact', 'OPEN'),
          ticketStage('3', 'Waiting on us', 'OPEN'),
          ticketStage('4', 'Closed', 'CLOSED'),
        ],
      },
      '0',
      0,
      SEEDED_AT,
    ),
    buildPipeline(
      {
        label: 'Escalations',
        stages: [
          ticketStage('escalations-new', 'Escalated', 'OPEN'),
          ticketStage('escalations-investigating', 'Investigating', 'OPEN'),
          ticketStage('escalations-resolved', 'Resolved', 'CLOSED'),
        ],
      },
      'escalations-1',
      1,
      SEEDED_AT,
    ),
  ]
}

export function defaultDealPipelines(): Pipeline[] {
  return [
    buildPipeline(
      {
        label: 'Sales Pipeline',
        stages: [
          dealStage('appointmentscheduled', 'Appointment Scheduled', '0.2'),
          dealStage('qualifiedtobuy', 'Qualified To Buy', '0.4'),
          dealStage('presentationscheduled', 'Presentation Scheduled', '0.6'),
          dealStage('decisionmakerboughtin', 'Decision Maker Bought-In', '0.8'),
          dealStage('contractsent', 'Contract Sent', '0.9'),
          dealStage('closedwon', 'Closed Won', '1.0', true),
          dealStage('closedlost', 'Closed Lost', '0.0', true),
        ],
      },
      'default',
      0,
      SEEDED_AT,
    ),
  ]
}

/** One owner per agent; the owner id is a different number from the user id (hubspot-facts.md §9). */
export function ownerForAgent(agent: Agent, id: string): Owner {
  const [firstName = '', ...rest] = agent.name.split(/\s+/)
  return {
    id,
    email: agent.email,
    firstName,
    lastName: rest.join(' '),
    userId: agent.userId,
    deactivated: agent.deactivated === true,
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
    archived: false,
  }
}
