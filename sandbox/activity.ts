/**
 * The wire log: every call into the integration and every webhook HubSpot sends, so a developer can see
 * which real code path each click exercised. Bounded, as the sandbox may run for hours.
 */
export type ActivityEntry = {
  id: number
  at: string
  /** Who initiated it: the Botpress runtime (actions, channel messages), HubSpot (webhooks), or the sandbox. */
  source: 'botpress' | 'hubspot' | 'sandbox'
  summary: string
  status?: number
  ms?: number
}

const MAX_ENTRIES = 200

export class ActivityLog {
  private readonly entries: ActivityEntry[] = []
  private nextId = 1

  public add(entry: Omit<ActivityEntry, 'id' | 'at'>): void {
    this.entries.push({ id: this.nextId++, at: new Date().toISOString(), ...entry })
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES)
  }

  public list(): ActivityEntry[] {
    return this.entries.map((entry) => ({ ...entry }))
  }
}
