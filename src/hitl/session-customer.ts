import * as bp from '.botpress'
import { contactTags, CustomerIdentity, decodeIdentity, encodeIdentity } from '../customer/identity'
import { parseContact } from '../customer/parse'

type Customer = bp.ClientResponses['getUser']['user']
type Ticket = bp.entities.ticket.Ticket

/**
 * How HubSpot will know the customer of a new session. Usually the identity createUser gave the user; an email or
 * phone on the card identifies a customer that identity leaves anonymous (and is kept on the user for next time).
 */
export async function resolveSessionCustomer(
  client: bp.Client,
  user: Customer,
  ticket: Ticket | undefined,
  logger: bp.Logger,
): Promise<CustomerIdentity> {
  const identity = decodeIdentity(user.tags.identity) ?? (await adoptForeignUser(client, user, logger))
  if (identity.kind !== 'visitor') return identity
  const given = parseContact({ email: ticket?.email, phone: ticket?.phone }, 'strict')
  if (!given) return identity
  await client.updateUser({ id: user.id, tags: contactTags(given) })
  return given
}

/**
 * A user this integration's createUser never made: the HITL plugin keeps the customer links an earlier HITL integration
 * made under the same alias. The user's own email or phone tag identifies them when it holds one, else they are an
 * anonymous visitor. The identity is written on the user, so this is decided (and logged) once.
 */
async function adoptForeignUser(client: bp.Client, user: Customer, logger: bp.Logger): Promise<CustomerIdentity> {
  const identity: CustomerIdentity = parseContact({ email: user.tags.email, phone: user.tags.phone }) ?? {
    kind: 'visitor',
    visitorId: user.id,
  }
  logger
    .forBot()
    .warn(
      `User ${user.id} was not created by this integration's createUser (the HITL plugin probably linked the customer through another HITL integration installed under the same alias); the customer is handed over ${identity.kind === 'visitor' ? 'as an anonymous visitor' : `by ${identity.kind}`}.`,
    )
  await client.updateUser({
    id: user.id,
    tags: { identity: encodeIdentity(identity), kind: 'customer', ...contactTags(identity) },
  })
  return identity
}
