import * as bp from '.botpress'
import type { HubSpotClient } from '../hubspot'

/**
 * One Botpress user per HubSpot agent, so the plugin attributes replies and assignment to the right person.
 * The profile (name, avatar, email) is read from HubSpot once, when the user has none yet, and kept.
 */
export async function getAgentUser(client: bp.Client, hubspot: HubSpotClient, actorId: string, knownName?: string) {
  const { user } = await client.getOrCreateUser({
    name: knownName,
    tags: { hubspotActorId: actorId, kind: 'agent', identity: `agent:${actorId}` },
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
