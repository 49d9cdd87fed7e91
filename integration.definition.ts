import { IntegrationDefinition } from '@botpress/sdk'
import hitl from './bp_modules/hitl'
import {
  actions,
  configuration,
  entities,
  events,
  states,
  user,
  hitlConversationTags,
  hitlMessageTags,
} from './definitions'

export const INTEGRATION_NAME = 'hubspot-inbox-hitl'

export default new IntegrationDefinition({
  name: INTEGRATION_NAME,
  version: '0.1.0',
  title: 'HubSpot Inbox HITL',
  description:
    'Hand bot conversations to human agents in the HubSpot Conversations inbox, with the full transcript, every message type, and replies, assignment and closing back to the bot.',
  icon: 'icon.svg',
  readme: 'hub.md',
  configuration,
  actions,
  entities,
  states,
  events,
  user,
}).extend(hitl, (self) => ({
  entities: { hitlSession: self.entities.ticket },
  channels: {
    hitl: {
      title: 'HubSpot inbox',
      description: 'A conversation handed to a human agent in the HubSpot inbox',
      conversation: { tags: hitlConversationTags },
      message: { tags: hitlMessageTags },
    },
  },
}))
