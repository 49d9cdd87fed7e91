/**
 * The plugin's link between the customer's user (upstream) and the integration's user for them (downstream),
 * after src/user-linker.ts: made once, through the integration's createUser, and reused while the linked user
 * exists and the link was made under the same integration alias.
 */
import type { BotStore } from './bot-store'
import type { IntegrationPort } from './types'

export type IntegrationIdentity = { alias: string; name: string }

export class UserLinker {
  public constructor(
    private readonly store: BotStore,
    private readonly port: IntegrationPort,
    private readonly integration: IntegrationIdentity,
    private readonly botId: string,
  ) {}

  /** `email` is the card's "User Email"; it only counts when the link is made now. */
  public async downstreamUserOf(upstreamUserId: string, email?: string): Promise<string> {
    const upstream = this.store.user(upstreamUserId)
    const linked = this.existingLink(upstream)
    if (linked !== undefined) return linked
    // The plugin reads "bot-level" tags here, but through the SDK's proxy it only sees its own prefixed ones.
    const tags = this.store.tagsOf(upstream)
    const output = (await this.port.action('createUser', {
      name: tags.name ?? upstream.name ?? 'Unknown User',
      pictureUrl: tags.pictureUrl ?? upstream.pictureUrl,
      email: email ?? tags.email ?? this.placeholderEmail(upstream.id),
    })) as { userId: string }
    // Read back before tagging: a user id the integration made up fails the handoff here.
    this.store.user(output.userId)
    const common = { integrationName: this.integration.name, integrationAlias: this.integration.alias }
    this.store.updateUserTags(upstream.id, { downstream: output.userId, ...common })
    this.store.updateUserTags(output.userId, { upstream: upstream.id, ...common })
    return output.userId
  }

  private existingLink(upstream: { tags: Record<string, string> }): string | undefined {
    const tags = this.store.tagsOf(upstream)
    const sameIntegration = tags.integrationAlias
      ? tags.integrationAlias === this.integration.alias
      : tags.integrationName === this.integration.name
    if (!tags.downstream || !sameIntegration) return undefined
    try {
      this.store.user(tags.downstream)
      return tags.downstream
    } catch {
      return undefined
    }
  }

  private placeholderEmail(userId: string): string {
    return `${userId}@no-reply.${this.botId.replaceAll('_', '-')}.botpress.com`
  }
}
