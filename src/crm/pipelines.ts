import type { Pipeline } from '../hubspot/crm'

type Stage = Pipeline['stages'][number]

const byOrder = <T extends { displayOrder?: number }>(a: T, b: T) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0)
const live = <T extends { archived?: boolean }>(items: T[]) => items.filter((item) => !item.archived)

/** HubSpot marks ticket stages OPEN or CLOSED in `metadata.ticketState` (some accounts also send `isClosed`). */
function isClosedStage(stage: Stage): boolean {
  const state = stage.metadata?.ticketState
  if (typeof state === 'string') return state.toUpperCase() === 'CLOSED'
  return String(stage.metadata?.isClosed) === 'true'
}

const describePipelines = (pipelines: Pipeline[]) =>
  live(pipelines)
    .map(
      (p) =>
        `${p.id} (${p.label}: stages ${live(p.stages)
          .map((s) => `${s.id} ${s.label}`)
          .join(', ')})`,
    )
    .join('; ')

/**
 * The pipeline and opening stage for new tickets: the configured ones, or the account's default pipeline
 * (id "0", else the first by display order) and its first open stage. An error names the valid choices.
 */
export function resolveTicketPipeline(
  pipelines: Pipeline[],
  pipelineId?: string,
  stageId?: string,
): { pipeline: Pipeline; stage: Stage } | { error: string } {
  const candidates = live(pipelines).sort(byOrder)
  const pipeline = pipelineId
    ? candidates.find((p) => p.id === pipelineId)
    : (candidates.find((p) => p.id === '0') ?? candidates[0])
  if (!pipeline) {
    return {
      error: `Ticket pipeline ${pipelineId ?? '(default)'} does not exist. Pipelines: ${describePipelines(pipelines) || 'none'}.`,
    }
  }
  const stages = live(pipeline.stages).sort(byOrder)
  const stage = stageId ? stages.find((s) => s.id === stageId) : stages.find((s) => !isClosedStage(s))
  if (!stage) {
    return {
      error: `Ticket stage ${stageId ?? '(first open)'} does not exist in pipeline ${pipeline.id}. Pipelines: ${describePipelines(pipelines)}.`,
    }
  }
  return { pipeline, stage }
}

export function closedStageOf(pipeline: Pipeline): Stage | undefined {
  return live(pipeline.stages).sort(byOrder).find(isClosedStage)
}

export function stageLabel(pipelines: Pipeline[], stageId: string | null | undefined): string | undefined {
  if (!stageId) return undefined
  for (const pipeline of pipelines) {
    const stage = pipeline.stages.find((s) => s.id === stageId)
    if (stage) return stage.label
  }
  return stageId
}
