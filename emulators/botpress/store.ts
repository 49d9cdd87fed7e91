/**
 * In-memory state of the emulated bot. Records keep the exact response shape of `@botpress/client` plus a few
 * server-side fields the API does not return (e.g. which integration created a user), kept for test assertions.
 */
import type { Conversation, Event, Message, State, User } from '@botpress/client'
import { type Clock, monotonicClock } from '../clock'

export type StateType = State['type']
export const stateTypes: readonly StateType[] = ['conversation', 'user', 'bot', 'integration', 'task', 'workflow']

/** `integration` is not part of the API's user object, but the platform knows it; tests may assert on it. */
export type UserRecord = User & { integration: string }
export type ConversationRecord = Conversation
export type MessageRecord = Message
/** `workflowId` is accepted by createEvent but not returned by the API. */
export type EventRecord = Event & { workflowId?: string }
/**
 * `ownerId` is the `{id}` of the state's path; `expiry` (ms of idleness) and `touchedAt` (epoch ms) drive expiry.
 * The API returns none of them.
 */
export type StateRecord = State & { ownerId: string; expiry?: number; touchedAt: number }

/** A record an API call created: what the runtime hands to the bot (e.g. the HITL plugin's hooks) afterwards. */
export type CreatedRecord = { kind: 'message'; record: MessageRecord } | { kind: 'event'; record: EventRecord }
export type CreatedListener = (created: CreatedRecord) => void

export type IntegrationConfiguration = {
  identifier?: string | null
  scheduleRegisterCall?: string
  sandboxIdentifiers?: unknown
}

const idPrefixes = { user: 'user', conversation: 'conv', message: 'msg', event: 'evt', state: 'state' } as const
export type IdKind = keyof typeof idPrefixes

export class Store {
  public readonly users = new Map<string, UserRecord>()
  public readonly conversations = new Map<string, ConversationRecord>()
  public readonly messages = new Map<string, MessageRecord>()
  public readonly events = new Map<string, EventRecord>()
  /** Keyed by `stateKey(type, id, name)`. */
  public readonly states = new Map<string, StateRecord>()
  /** conversation id → user ids that posted in it or were added to it. */
  public readonly participants = new Map<string, Set<string>>()
  /** Last body each integration sent to configureIntegration, by integration id. */
  public readonly integrationConfigurations = new Map<string, IntegrationConfiguration>()

  private readonly counters = new Map<IdKind, number>()
  private readonly createdListeners = new Set<CreatedListener>()
  private readonly clock: Clock

  public constructor(clock?: () => Date) {
    this.clock = clock ? () => clock().getTime() : monotonicClock()
  }

  /** Deterministic ids (`user_000001`, `conv_000001`, …) so failing tests print stable values. */
  public nextId(kind: IdKind): string {
    const next = (this.counters.get(kind) ?? 0) + 1
    this.counters.set(kind, next)
    return `${idPrefixes[kind]}_${String(next).padStart(6, '0')}`
  }

  /**
   * Epoch ms. The default clock never repeats a value, so records created in the same millisecond still sort by
   * creation and an update always moves `updatedAt`.
   */
  public nowMs(): number {
    return this.clock()
  }

  public timestamp(): string {
    return new Date(this.nowMs()).toISOString()
  }

  /** Returns the unsubscribe function. Seeded records are not announced: only what API calls create. */
  public onCreated(listener: CreatedListener): () => void {
    this.createdListeners.add(listener)
    return () => this.createdListeners.delete(listener)
  }

  public announce(created: CreatedRecord): void {
    for (const listener of this.createdListeners) listener(created)
  }

  public addParticipant(conversationId: string, userId: string): void {
    let set = this.participants.get(conversationId)
    if (!set) {
      set = new Set()
      this.participants.set(conversationId, set)
    }
    set.add(userId)
  }

  /** A state, unless missing or idle for longer than its `expiry` (then it is dropped, as the API would have). */
  public liveState(type: StateType, id: string, name: string): StateRecord | undefined {
    const key = stateKey(type, id, name)
    const state = this.states.get(key)
    if (!state) return undefined
    if (state.expiry !== undefined && this.nowMs() - state.touchedAt > state.expiry) {
      this.states.delete(key)
      return undefined
    }
    return state
  }

  public deleteStatesOf(type: StateType, id: string): void {
    for (const [key, state] of this.states) {
      if (state.type === type && state.ownerId === id) this.states.delete(key)
    }
  }
}

export function stateKey(type: StateType, id: string, name: string): string {
  return `${type}/${id}/${name}`
}

/** Public shapes, stripped of server-side fields, exactly what the API would answer. */
export function toApiUser(record: UserRecord): User {
  const { integration: _integration, ...user } = record
  return clone(user)
}

export function toApiEvent(record: EventRecord): Event {
  const { workflowId: _workflowId, ...event } = record
  return clone(event)
}

export function toApiState(record: StateRecord): State {
  const { ownerId: _ownerId, expiry: _expiry, touchedAt: _touchedAt, ...state } = record
  return clone(state)
}

export function clone<T>(value: T): T {
  return structuredClone(value)
}
