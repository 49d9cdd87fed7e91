/** All emulator state, plus the lookups every route module shares. Domain changes live in threads.ts/auth.ts. */
import { randomBytes, randomUUID } from 'node:crypto'
import {
  DEFAULT_AGENTS,
  DEFAULT_APP,
  DEFAULT_HUB_ID,
  DEFAULT_INBOXES,
  DEFAULT_PUBLIC_BASE_URL,
  DEFAULT_RATE_LIMIT,
} from './defaults'
import { CrmStore, type CrmOptions } from './crm/state'
import { notFound } from './errors'
import type {
  AccessTokenRecord,
  Agent,
  AuthorizationCodeRecord,
  ChannelAccountRecord,
  ChannelRecord,
  DeveloperApp,
  FileRecord,
  Inbox,
  Portal,
  RefreshTokenRecord,
  StagingTokenRecord,
  SubscriptionRecord,
  ThreadRecord,
  WebhookDelivery,
  WebhookSettingsRecord,
} from './types'

export type StoreOptions = {
  app?: Partial<DeveloperApp>
  now?: () => number
  listingDelay?: number
  rateLimit?: { max: number; intervalMs: number } | false
  baseUrl?: string
} & CrmOptions

export type SeedPortalInput = { hubId?: number; inboxes?: Inbox[]; agents?: Agent[] }

const ID_STARTS = {
  channel: 1001,
  channelAccount: 30_001,
  thread: 8_000_000_001,
  file: 190_000_000_001,
  contact: 700_001,
  subscription: 3001,
  event: 1,
  historyItem: 1,
} as const

export class HubSpotStore {
  readonly app: DeveloperApp
  readonly now: () => number
  readonly listingDelay: number
  readonly rateLimit: { max: number; intervalMs: number } | false
  /** Base for URLs the emulator hands out outside a request (agent attachments); requests use their own origin. */
  publicBaseUrl: string | undefined
  lastRequestOrigin: string | undefined

  readonly portals = new Map<number, Portal>()
  readonly defaultHubId: number
  readonly channels = new Map<string, ChannelRecord>()
  readonly channelAccounts = new Map<string, ChannelAccountRecord>()
  readonly stagingTokens = new Map<string, StagingTokenRecord>()
  readonly threads = new Map<string, ThreadRecord>()
  readonly files = new Map<string, FileRecord>()
  readonly accessTokens = new Map<string, AccessTokenRecord>()
  readonly refreshTokens = new Map<string, RefreshTokenRecord>()
  readonly authorizationCodes = new Map<string, AuthorizationCodeRecord>()
  readonly subscriptions = new Map<number, SubscriptionRecord>()
  webhookSettings: WebhookSettingsRecord | undefined
  /** `${channelId}:${integrationIdempotencyId}` → message id. */
  readonly idempotency = new Map<string, string>()
  /** Message/comment id → thread id. */
  readonly messageThreads = new Map<string, string>()
  /** Webhooks that API calls of the integration caused (e.g. its own thread close); see takeWebhookDeliveries(). */
  readonly pendingDeliveries: WebhookDelivery[] = []
  /** Per portal, timestamps of recent bearer calls (rate limit window). */
  readonly recentCalls = new Map<number, number[]>()
  /** Key for the emulator's own signed download URLs; unrelated to any HubSpot secret. */
  readonly fileSigningKey = randomBytes(32)
  /** Contacts, tickets, notes… per portal (crm/state.ts). */
  readonly crm: CrmStore

  private readonly counters = new Map<keyof typeof ID_STARTS, number>()

  constructor(options: StoreOptions = {}) {
    this.app = { ...DEFAULT_APP, ...options.app }
    this.now = options.now ?? Date.now
    this.listingDelay = options.listingDelay ?? 1
    this.rateLimit = options.rateLimit === undefined ? { ...DEFAULT_RATE_LIMIT } : options.rateLimit
    this.publicBaseUrl = options.baseUrl
    this.defaultHubId = this.seedPortal({}).hubId
    this.crm = new CrmStore(this, options)
  }

  nextId(kind: keyof typeof ID_STARTS): number {
    const value = this.counters.get(kind) ?? ID_STARTS[kind]
    this.counters.set(kind, value + 1)
    return value
  }

  newMessageId(): string {
    return randomUUID().replace(/-/g, '')
  }

  isoNow(): string {
    return new Date(this.now()).toISOString()
  }

  baseUrl(): string {
    return (this.publicBaseUrl ?? this.lastRequestOrigin ?? DEFAULT_PUBLIC_BASE_URL).replace(/\/+$/, '')
  }

  seedPortal(input: SeedPortalInput): Portal {
    let hubId = input.hubId ?? DEFAULT_HUB_ID
    if (input.hubId === undefined) while (this.portals.has(hubId)) hubId += 1
    if (this.portals.has(hubId)) throw new Error(`seedPortal: portal ${hubId} already exists`)
    const portal: Portal = {
      hubId,
      inboxes: (input.inboxes ?? DEFAULT_INBOXES).map((inbox) => ({ ...inbox })),
      agents: (input.agents ?? DEFAULT_AGENTS).map((agent) => ({ ...agent })),
      visitors: [],
    }
    this.portals.set(hubId, portal)
    return portal
  }

  /** For helpers: an unknown portal is a test bug, so it throws a plain Error. */
  portal(hubId: number = this.defaultHubId): Portal {
    const portal = this.portals.get(hubId)
    if (!portal) throw new Error(`HubSpot emulator: no portal ${hubId} (seedPortal it first)`)
    return portal
  }

  liveChannel(channelId: string): ChannelRecord {
    const channel = this.channels.get(channelId)
    if (!channel || channel.archived) throw notFound(`Channel ${channelId} does not exist`)
    return channel
  }

  /** Threads are only visible to tokens of their own portal. */
  threadFor(hubId: number, threadId: string, includeArchived: boolean): ThreadRecord {
    const thread = this.threads.get(threadId)
    if (!thread || thread.hubId !== hubId || (thread.archived && !includeArchived))
      throw notFound(`Thread ${threadId} does not exist`)
    return thread
  }

  /** For helpers: throws a plain Error (test bug) rather than an HTTP error. */
  threadForHelper(threadId: string): ThreadRecord {
    const thread = this.threads.get(String(threadId))
    if (!thread) throw new Error(`HubSpot emulator: no thread ${threadId}`)
    return thread
  }

  agentFor(hubId: number, actorId: string): Agent | undefined {
    const match = /^A-(\d+)$/.exec(actorId)
    if (!match) return undefined
    return this.portal(hubId).agents.find((agent) => agent.userId === Number(match[1]))
  }
}
