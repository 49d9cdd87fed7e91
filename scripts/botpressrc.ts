import fs from 'node:fs'
import path from 'node:path'

/**
 * Non-secret project defaults from .botpressrc: the alias the bot installs the integration under and the
 * local ports of the sandbox. Secrets never go in this file; environment variables override the ports.
 */
export type BotpressRc = {
  integrationAlias: string
  sandbox: { pagePort: number; integrationPort: number; hubspotPort: number; botpressPort: number }
}

export function readBotpressRc(root = path.resolve(__dirname, '..')): BotpressRc {
  return JSON.parse(fs.readFileSync(path.join(root, '.botpressrc'), 'utf8')) as BotpressRc
}
