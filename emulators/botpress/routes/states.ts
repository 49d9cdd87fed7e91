import { invalidPayload, notFound } from '../errors'
import { route, type Route, type RouteContext } from '../router'
import { clone, stateKey, stateTypes, toApiState, type StateRecord, type StateType } from '../store'
import { isPlainObject, optionalExpiry, requireObject, type JsonObject } from '../validation'
import { requireConversation } from './conversations'
import { requireUser } from './users'

type StateAddress = { type: StateType; id: string; name: string }

const basePath = '/v1/chat/states/:type/:id/:name'

/** Validates the path, the declared definition, and that a conversation/user state hangs off an existing record. */
function address(ctx: RouteContext): StateAddress {
  const type = ctx.params['type'] ?? ''
  const id = ctx.params['id'] ?? ''
  const name = ctx.params['name'] ?? ''
  if (!(stateTypes as readonly string[]).includes(type)) {
    throw invalidPayload(`State type must be one of ${stateTypes.join(', ')}`)
  }
  const declared = ctx.settings.definition?.states
  if (declared !== undefined) {
    if (declared[name] === undefined) throw invalidPayload(`State "${name}" is not defined`)
    if (declared[name] !== type) throw invalidPayload(`State "${name}" is of type "${declared[name]}", not "${type}"`)
  }
  if (type === 'conversation') requireConversation(ctx, id)
  if (type === 'user') requireUser(ctx, id)
  return { type: type as StateType, id, name }
}

function missing(at: StateAddress): Error {
  return notFound(`State "${at.name}" of ${at.type} "${at.id}" not found`)
}

/** Reading counts as activity: `expiry` is an idle timeout. */
function touch(ctx: RouteContext, state: StateRecord): StateRecord {
  state.touchedAt = ctx.store.nowMs()
  return state
}

function newStateRecord(ctx: RouteContext, at: StateAddress, now: number): StateRecord {
  const iso = new Date(now).toISOString()
  return {
    id: ctx.store.nextId('state'),
    createdAt: iso,
    updatedAt: iso,
    botId: ctx.caller.botId,
    ...(at.type === 'conversation' && { conversationId: at.id }),
    ...(at.type === 'user' && { userId: at.id }),
    name: at.name,
    type: at.type,
    payload: {},
    ownerId: at.id,
    touchedAt: now,
  }
}

function writeState(ctx: RouteContext, at: StateAddress, payload: JsonObject, expiry: number | null | undefined) {
  const { store } = ctx
  const now = store.nowMs()
  const state = store.liveState(at.type, at.id, at.name) ?? newStateRecord(ctx, at, now)
  state.payload = clone(payload)
  state.updatedAt = new Date(now).toISOString()
  state.touchedAt = now
  if (expiry === null) delete state.expiry
  else if (expiry !== undefined) state.expiry = expiry
  store.states.set(stateKey(at.type, at.id, at.name), state)
  return state
}

export const stateRoutes: Route[] = [
  route('getState', 'GET', basePath, (ctx) => {
    const at = address(ctx)
    const state = ctx.store.liveState(at.type, at.id, at.name)
    if (!state) throw missing(at)
    return { state: toApiState(touch(ctx, state)), meta: { cached: false } }
  }),

  route('setState', 'POST', basePath, (ctx) => {
    const at = address(ctx)
    if (!('payload' in ctx.body)) throw invalidPayload('"payload" is required')
    const payload = ctx.body['payload']
    const expiry = optionalExpiry(ctx.body)
    if (payload === null) {
      // `payload: null` deletes. The response type still promises a state, so answer with it, emptied.
      const now = ctx.store.nowMs()
      const gone = ctx.store.liveState(at.type, at.id, at.name) ?? newStateRecord(ctx, at, now)
      ctx.store.states.delete(stateKey(at.type, at.id, at.name))
      return { state: { ...toApiState(gone), payload: {}, updatedAt: new Date(now).toISOString() } }
    }
    if (!isPlainObject(payload)) throw invalidPayload('"payload" must be an object or null')
    return { state: toApiState(writeState(ctx, at, payload, expiry)) }
  }),

  route('getOrSetState', 'POST', `${basePath}/get-or-set`, (ctx) => {
    const at = address(ctx)
    const payload = requireObject(ctx.body, 'payload')
    const expiry = optionalExpiry(ctx.body)
    const existing = ctx.store.liveState(at.type, at.id, at.name)
    const state = existing ? touch(ctx, existing) : writeState(ctx, at, payload, expiry)
    return { state: toApiState(state), meta: { cached: false } }
  }),

  route('patchState', 'PATCH', basePath, (ctx) => {
    const at = address(ctx)
    const patch = requireObject(ctx.body, 'payload')
    const existing = ctx.store.liveState(at.type, at.id, at.name)
    if (!existing) throw missing(at)
    // Shallow merge: top-level keys of the patch replace the stored ones; nested objects are not merged.
    return { state: toApiState(writeState(ctx, at, { ...existing.payload, ...patch }, undefined)) }
  }),

  route('setStateExpiry', 'POST', `${basePath}/expiry`, (ctx) => {
    const at = address(ctx)
    if (!('expiry' in ctx.body)) throw invalidPayload('"expiry" is required')
    const expiry = optionalExpiry(ctx.body)
    const existing = ctx.store.liveState(at.type, at.id, at.name)
    if (!existing) throw missing(at)
    return { state: toApiState(writeState(ctx, at, existing.payload, expiry)) }
  }),
]
