import type { Route } from '../router'
import { conversationRoutes } from './conversations'
import { eventRoutes } from './events'
import { integrationRoutes } from './integrations'
import { messageRoutes } from './messages'
import { participantRoutes } from './participants'
import { stateRoutes } from './states'
import { userRoutes } from './users'

/** Literal paths (`get-or-create`) come before `:id` patterns of the same method; the first match wins. */
export const allRoutes: Route[] = [
  ...userRoutes,
  ...conversationRoutes,
  ...participantRoutes,
  ...messageRoutes,
  ...eventRoutes,
  ...stateRoutes,
  ...integrationRoutes,
]
