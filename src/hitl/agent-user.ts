import * as bp from '.botpress'
import type { HubSpotClient } from '../hubspot'
import { withoutBidiControls } from '../render/bidi'

const agentTags = (actorId: string) => ({ hubspotActorId: actorId, kind: 'agent', identity: `agent:${actorId}` })

/**
 * Agents whose Botpress user exists with its profile, per install and actor id (two installs in one bot are two
 * HubSpot accounts, whose agents are different Botpress users). That mapping never changes, so a warm
 * instance skips the Botpress lookup (and the HubSpot profile read) for an agent it has met: every reply and
 * assignment would otherwise pay for it. Bounded, oldest first out; a cold instance starts empty and asks again.
 */
const knownAgents = new Map<string, string>()
const MAX_KNOWN_AGENTS = 5_000

/** The agent's user id from a warm instance's memory, else found by `find` and remembered. */
async function remembered(install: string, actorId: string, find: () => Promise<string>): Promise<string> {
  const key = `${install}:${actorId}`
  const known = knownAgents.get(key)
  if (known) return known
  const userId = await find()
  if (knownAgents.size >= MAX_KNOWN_AGENTS) knownAgents.delete(knownAgents.keys().next().value!)
  knownAgents.set(key, userId)
  return userId
}

/** An agent's name as the customer sees it: without bidirectional controls, undefined when blank. */
const agentName = (name: string | null | undefined) => withoutBidiControls(name ?? '').trim() || undefined

type AgentLookup = { client: bp.Client; hubspot: HubSpotClient; actorId: string }

/**
 * The Botpress user id of a HubSpot agent: one user per agent, so the plugin attributes replies and assignment to
 * the right person. The profile (name, avatar, email) is read from HubSpot once, when the user has none yet, and
 * kept. `knownName` (the name a reply carries) names a user created before the profile is read.
 */
export function agentUserId({ client, hubspot, actorId }: AgentLookup, knownName?: string) {
  return remembered(hubspot.install, actorId, async () => {
    const { user } = await client.getOrCreateUser({
      name: agentName(knownName),
      tags: agentTags(actorId),
      discriminateByTags: ['hubspotActorId'],
    })
    // A tag of its own, not the profile fields: an agent with neither avatar nor email would be read on every reply.
    if (user.tags.profileReadAt) return user.id
    const actor = await hubspot.conversations.getActor(actorId)
    const name = agentName(actor.name) || agentName(knownName) || user.name
    await client.updateUser({
      id: user.id,
      name: name ?? undefined,
      pictureUrl: actor.avatar ?? undefined,
      tags: { email: actor.email ?? undefined, profileReadAt: new Date().toISOString() },
    })
    return user.id
  })
}

/**
 * The same user, for a caller that knows nothing of the agent but the actor id (an assignment): the profile is read
 * first, so an agent this instance has not met is found or created with it in one Botpress call instead of two.
 */
export function agentUserIdWithProfile({ client, hubspot, actorId }: AgentLookup) {
  return remembered(hubspot.install, actorId, async () => {
    const actor = await hubspot.conversations.getActor(actorId)
    const { user } = await client.getOrCreateUser({
      name: agentName(actor.name),
      pictureUrl: actor.avatar ?? undefined,
      tags: { ...agentTags(actorId), email: actor.email ?? undefined, profileReadAt: new Date().toISOString() },
      discriminateByTags: ['hubspotActorId'],
    })
    return user.id
  })
}
