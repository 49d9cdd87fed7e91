import fs from 'node:fs'
import path from 'node:path'
import { REQUIRED_SCOPES } from '../../src/hubspot/scopes'
import { APP_WEBHOOK_SUBSCRIPTIONS } from '../../src/setup/app-webhooks'
import definition from '../../integration.definition'

const hub = fs.readFileSync(path.join(__dirname, '../../hub.md'), 'utf8')
const configurationDoc = fs.readFileSync(path.join(__dirname, '../../docs/configuration.md'), 'utf8')

/** The docs are where admins copy scopes and field names from: they must not drift from the code. */
describe('documentation matches the code', () => {
  it('hub.md lists every scope the connect flow asks for', () => {
    for (const scope of Object.keys(REQUIRED_SCOPES)) expect(hub).toContain(`\`${scope}\``)
  })

  it('hub.md names every app webhook subscription', () => {
    for (const { eventType } of APP_WEBHOOK_SUBSCRIPTIONS) expect(hub).toContain(`\`${eventType}\``)
  })

  it('hub.md and docs/configuration.md describe every configuration field by its title', () => {
    const shape = definition.configuration!.schema.shape as Record<string, { _def: { 'x-zui'?: { title?: string } } }>
    for (const [name, field] of Object.entries(shape)) {
      const title = JSON.stringify(field).match(/"title":"([^"]+)"/)?.[1] ?? name
      expect({ name, inHub: hub.includes(title) }).toEqual({ name, inHub: true })
      expect({ name, inConfigurationDoc: configurationDoc.includes(`\`${name}\``) }).toEqual({
        name,
        inConfigurationDoc: true,
      })
    }
  })
})
