import * as bp from '.botpress'
import type { HubSpotClient } from '../hubspot'

const agentTags = (actorId: string) => ({ hubspotActorId: actorId, kind: 'agent', identity: `agent:${actorId}` })

/**
 * One Botpress user per HubSpot agent, so the plugin attributes replies and assignment to the right person.
 * The profile (name, avatar, email) is read from HubSpot once, when the user has none yet, and kept.
 */
export async function getAgentUser(client: bp.Client, hubspot: HubSpotClient, actorId: string, knownName?: string) {
  const { user } = await client.getOrCreateUser({
    name: knownName,
    tags: agentTags(actorId),
    discriminateByTags: ['hubspotActorId'],
  })
  // A tag of its own, not the profile fields: an agent with neither avatar nor email would be read on every reply.
  if (user.tags.profileReadAt) return user
  const actor = await hubspot.conversations.getActor(actorId)
  const name = actor.name || knownName || user.name
  const { user: updated } = await client.updateUser({
    id: user.id,
    name: name ?? undefined,
    pictureUrl: actor.avatar ?? undefined,
    tags: { email: actor.email ?? undefined, profileReadAt: new Date().toISOString() },
  })
  return updated
}

/**
 * The same user, for a caller that knows nothing of the agent but the actor id (an assignment): the profile is read
 * first, so an agent seen for the first time is created with it in one Botpress call instead of two.
 */
export async function getAgentUserWithProfile(client: bp.Client, hubspot: HubSpotClient, actorId: string) {
  const actor = await hubspot.conversations.getActor(actorId)
  const { user } = await client.getOrCreateUser({
    name: actor.name ?? undefined,
    pictureUrl: actor.avatar ?? undefined,
    tags: { ...agentTags(actorId), email: actor.email ?? undefined, profileReadAt: new Date().toISOString() },
    discriminateByTags: ['hubspotActorId'],
  })
  return user
}
