import { errorMessageOf } from '../../../emulators/botpress/runtime-call'
import { type HandlerResponse } from '../../support/harness'
import { inline } from './report'

/**
 * What the SDK answers when a handler throws something that is not a RuntimeError (a TypeError on a missing field,
 * …): status 400 and this generic text, the stack going to the logs. The caller learns nothing; that is a crash.
 */
const GENERIC_CRASH = /An unexpected error occurred in the integration/

/** A thrown handler call, or an answer, reduced to what the caller sees. */
export type Answer =
  { status: number; message: string; crashed: boolean; ms: number } | { rejected: string; ms: number }

/** Calls the handler, timing it, and never lets a rejection escape: a rejection is an outcome to assert on. */
export async function answerOf(call: () => Promise<HandlerResponse>): Promise<Answer> {
  const started = Date.now()
  try {
    const response = await call()
    const message = response.status >= 400 ? errorMessageOf(response.body) : ''
    return { status: response.status, message, crashed: GENERIC_CRASH.test(message), ms: Date.now() - started }
  } catch (thrown) {
    return { rejected: thrown instanceof Error ? thrown.message : String(thrown), ms: Date.now() - started }
  }
}

/** Inputs tried, per category, and the ones answered with the SDK's generic crash text (a known bug class). */
export class InputCounter {
  private readonly tried = new Map<string, number>()
  private readonly unclear = new Map<string, number>()
  private readonly notes = new Map<string, string>()

  public count(category: string, answer?: Answer): void {
    this.tried.set(category, (this.tried.get(category) ?? 0) + 1)
    if (answer && 'crashed' in answer && answer.crashed)
      this.unclear.set(category, (this.unclear.get(category) ?? 0) + 1)
  }

  /** Extra counts shown next to a category, e.g. how its inputs were answered. */
  public note(category: string, details: Record<string, number>): void {
    this.notes.set(category, inline(details))
  }

  public rows(): [string, string][] {
    const rows: [string, string][] = [...this.tried].map(([category, tried]) => {
      const unclear = this.unclear.get(category)
      const extra = [unclear ? `${unclear} answered with the SDK's generic crash text` : '', this.notes.get(category)]
      const details = extra.filter(Boolean).join('; ')
      return [category, details ? `${tried} (${details})` : String(tried)]
    })
    const total = [...this.tried.values()].reduce((sum, n) => sum + n, 0)
    return [...rows, ['total', String(total)]]
  }
}
