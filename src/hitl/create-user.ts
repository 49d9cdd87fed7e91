import { randomUUID } from 'node:crypto'
import * as bp from '.botpress'
import { contactTags, CustomerIdentity, encodeIdentity } from '../customer/identity'
import { customerDisplayName, parseContact, placeholderUserId } from '../customer/parse'

/** A real email or phone identifies the person; the plugin's placeholder keeps its upstream user; nothing gets a fresh id. */
const customerIdentityOf = (email: string | undefined): CustomerIdentity =>
  parseContact({ email }) ?? { kind: 'visitor', visitorId: placeholderUserId(email) ?? randomUUID() }

/**
 * The Botpress user that stands for the customer, found again for the same person (discriminated by the
 * identity tag). Nothing is sent to HubSpot here: the customer reaches HubSpot with their first message.
 */
export const createUser: bp.IntegrationProps['actions']['createUser'] = async ({ client, input }) => {
  const identity = customerIdentityOf(input.email)
  // The plugin's `Unknown User` is no name: it must neither show to the agent nor replace a name known earlier.
  const name = customerDisplayName(input.name)
  const { user } = await client.getOrCreateUser({
    name,
    pictureUrl: input.pictureUrl,
    tags: { identity: encodeIdentity(identity), kind: 'customer', ...contactTags(identity) },
    discriminateByTags: ['identity'],
  })
  const renamed = name && user.name !== name
  const repictured = input.pictureUrl && user.pictureUrl !== input.pictureUrl
  if (renamed || repictured) await client.updateUser({ id: user.id, name, pictureUrl: input.pictureUrl })
  return { userId: user.id }
}
