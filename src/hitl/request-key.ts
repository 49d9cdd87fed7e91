import { createHash } from 'node:crypto'

/**
 * What makes two startHitl calls "the same call": the whole input. The HITL plugin starts a new session for
 * every escalation, even of the same customer, so only an identical input (a retry of one request) may find
 * the session an earlier attempt opened. Object keys are sorted so that a retry serialised in another key
 * order still matches.
 */
export function requestKeyOf(input: unknown): string {
  return createHash('sha256').update(canonicalJson(input)).digest('base64url').slice(0, 32)
}

/** The key of the next session with the same input, once the session `previousConversationId` is over. */
export const nextRequestKey = (key: string, previousConversationId: string): string =>
  requestKeyOf([key, previousConversationId])

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
