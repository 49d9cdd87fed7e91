/**
 * The page's JSON API, called from Node: the demo drives the sandbox exactly as the page's buttons do, and
 * the browser test reads the state to check what the page shows against what the sandbox holds.
 */
import type { ActivityEntry } from './activity'
import type { CrmView } from './crm-side'
import type { CustomerView } from './customer-side'
import type { AgentView, ThreadItemView, ThreadSummary } from './inbox-side'

export type SandboxState = {
  customers: CustomerView[]
  inbox: {
    agents: AgentView[]
    /** The agent HubSpot's routing gives new threads to at once, or null. */
    routing: string | null
    threads: ThreadSummary[]
    selected: (ThreadSummary & { items: ThreadItemView[] }) | null
  }
  /** For the selected thread; null when none is selected. */
  crm: CrmView | null
  activity: ActivityEntry[]
  /** What the sandbox accepts: files up to `uploadBytes`. */
  limits: { uploadBytes: number }
}

export type Upload = { name: string; mimeType: string; data: string }

export const toUpload = (name: string, mimeType: string, bytes: Uint8Array): Upload => ({
  name,
  mimeType,
  data: Buffer.from(bytes).toString('base64'),
})

export class SandboxApi {
  public constructor(private readonly pageUrl: string) {}

  public async state(threadId?: string): Promise<SandboxState> {
    const query = threadId ? `?thread=${encodeURIComponent(threadId)}` : ''
    const response = await fetch(new URL(`/api/state${query}`, this.pageUrl))
    if (!response.ok) throw new Error(`GET /api/state: HTTP ${response.status}`)
    return (await response.json()) as SandboxState
  }

  public async post<T = unknown>(path: string, body: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(new URL(path, this.pageUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    const answer = (await response.json()) as { result?: T; error?: string }
    if (!response.ok) throw new Error(`POST ${path}: HTTP ${response.status}: ${answer.error ?? 'no message'}`)
    return answer.result as T
  }
}
