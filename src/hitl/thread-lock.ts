import { installKey, type InstallContext } from '../platform/install'

/**
 * One piece of work at a time per HubSpot thread of one install, in this warm instance: HubSpot delivers the same
 * app event several times in parallel, and a customer's message can race an assignment's redelivery. Each reads
 * the conversation's tags, decides, then writes them; run one after the other, the later one sees what the earlier
 * wrote. Only this process is covered: across instances the conversation's tags are the record (see
 * src/hitl/event-order.ts). Keyed by the install (src/platform/install.ts), never by the integration id,
 * which every bot installing this version shares.
 */
const tails = new Map<string, Promise<unknown>>()

export function threadKey(ctx: InstallContext, threadId: string): string {
  return `${installKey(ctx)}|${threadId}`
}

export async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = tails.get(key) ?? Promise.resolve()
  const mine = before.then(work, work)
  const tail = mine.catch(() => undefined)
  tails.set(key, tail)
  try {
    return await mine
  } finally {
    // The last in line removes the key, so the map holds only threads with work in progress.
    if (tails.get(key) === tail) tails.delete(key)
  }
}
