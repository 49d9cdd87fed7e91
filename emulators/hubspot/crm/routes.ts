/** Every CRM route of the emulator, registered in `hubspot-emulator.ts`. */
import type { Route } from '../router'
import { associationRoutes } from './routes-associations'
import { metaRoutes } from './routes-meta'
import { objectRoutes } from './routes-objects'

export const crmRoutes: Route[] = [...objectRoutes, ...metaRoutes, ...associationRoutes]
