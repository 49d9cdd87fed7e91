export { configuration } from './configuration'
export { entities, TICKET_PRIORITIES } from './entities'
export { states } from './states'
export { user, hitlConversationTags, hitlMessageTags } from './tags'
