/** Read helpers for tests and the sandbox: copies in HubSpot's public shapes plus the ids tests need. */
import {
  renderChannel,
  renderChannelAccount,
  renderFile,
  renderHistoryItem,
  renderThread,
  visitorActorId,
} from './render'
import type { HubSpotStore } from './store'
import { sortedItems, visitorOfThread } from './threads'

export function threads(store: HubSpotStore, hubId?: number) {
  return [...store.threads.values()]
    .filter((thread) => hubId === undefined || thread.hubId === hubId)
    .map((thread) => {
      const visitor = visitorOfThread(store, thread)
      return {
        ...renderThread(thread),
        hubId: thread.hubId,
        channelId: thread.channelId,
        channelAccountId: thread.channelAccountId,
        ...(thread.integrationThreadId !== undefined ? { integrationThreadId: thread.integrationThreadId } : {}),
        visitor: visitor
          ? {
              actorId: visitorActorId(visitor.contactId),
              contactId: visitor.contactId,
              ...(visitor.name !== undefined ? { name: visitor.name } : {}),
              deliveryIdentifier: { ...visitor.deliveryIdentifier },
            }
          : undefined,
      }
    })
}

export function threadMessages(store: HubSpotStore, threadId: string) {
  const thread = store.threadForHelper(threadId)
  return sortedItems(thread, false).map((item) => renderHistoryItem(store, item))
}

export function channels(store: HubSpotStore) {
  return [...store.channels.values()].map((channel) => ({ ...renderChannel(channel), archived: channel.archived }))
}

export function channelAccounts(store: HubSpotStore) {
  return [...store.channelAccounts.values()].map((account) => ({
    ...renderChannelAccount(account),
    hubId: account.hubId,
  }))
}

export function webhookSettings(store: HubSpotStore) {
  return store.webhookSettings ? structuredClone(store.webhookSettings) : undefined
}

export function subscriptions(store: HubSpotStore) {
  return [...store.subscriptions.values()].map((subscription) => ({ ...subscription }))
}

export function files(store: HubSpotStore) {
  return [...store.files.values()].map((file) => ({
    ...renderFile(store, file),
    hubId: file.hubId,
    mimeType: file.mimeType,
    bytes: new Uint8Array(file.bytes),
  }))
}
