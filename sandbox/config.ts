/**
 * Where the sandbox listens. Defaults come from `.botpressrc` (`sandbox.*`); environment variables override
 * them, and command-line flags override both, so `npm start -- --page-port 4000` works without editing files.
 */
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { readBotpressRc } from '../scripts/botpressrc'

export type SandboxPorts = { page: number; integration: number; hubspot: number; botpress: number }

/** Port 0 everywhere: the demo and the browser test pick free ports so they never clash with `npm start`. */
export const RANDOM_PORTS: SandboxPorts = { page: 0, integration: 0, hubspot: 0, botpress: 0 }

const SETTINGS: { key: keyof SandboxPorts; env: string; flag: string }[] = [
  { key: 'page', env: 'SANDBOX_PAGE_PORT', flag: '--page-port' },
  { key: 'integration', env: 'SANDBOX_INTEGRATION_PORT', flag: '--integration-port' },
  { key: 'hubspot', env: 'SANDBOX_HUBSPOT_PORT', flag: '--hubspot-port' },
  { key: 'botpress', env: 'SANDBOX_BOTPRESS_PORT', flag: '--botpress-port' },
]

export const USAGE = `Usage: npm start [-- options]
  --page-port N          the page and its JSON API (env SANDBOX_PAGE_PORT; --port is an alias)
  --integration-port N   the integration's own HTTP server (env SANDBOX_INTEGRATION_PORT)
  --hubspot-port N       the HubSpot emulator (env SANDBOX_HUBSPOT_PORT)
  --botpress-port N      the Botpress runtime emulator (env SANDBOX_BOTPRESS_PORT)
  --random-ports         every port 0: free ports chosen by the system
  --help                 this text
Defaults come from .botpressrc (sandbox.*). A port of 0 means any free port.`

export class UsageError extends Error {}

/** What each port serves, for messages. */
const SERVES: Record<keyof SandboxPorts, string> = {
  page: 'the page',
  integration: "the integration's server",
  hubspot: 'the HubSpot emulator',
  botpress: 'the Botpress emulator',
}

/** Whether something already listens on the port (the integration's server takes it on every interface). */
function isTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer()
    probe.once('error', () => resolve(true))
    probe.listen(port, () => probe.close(() => resolve(false)))
  })
}

/**
 * Checked before anything starts, so a taken port is the first thing `npm start` says, with the flags that get
 * around it; undefined when every port is free (or chosen by the system).
 */
export async function takenPortMessage(ports: SandboxPorts): Promise<string | undefined> {
  for (const { key, flag } of SETTINGS) {
    const port = ports[key]
    if (port === 0 || !(await isTaken(port))) continue
    return [
      `Port ${port} (${SERVES[key]}) is already in use: another sandbox may still be running.`,
      `Stop it, or start on free ports chosen by the system: npm start -- --random-ports`,
      `or pick this port yourself: npm start -- ${flag} ${port + 10}`,
    ].join('\n')
  }
  return undefined
}

function parsePort(raw: string | undefined, source: string): number {
  const port = Number(raw)
  if (raw === undefined || raw.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`${source}: "${raw ?? ''}" is not a port number (0-65535)`)
  return port
}

/** `--name value` and `--name=value`; returns the value of the last occurrence. */
function flagValue(argv: readonly string[], flag: string): string | undefined {
  let value: string | undefined
  argv.forEach((arg, index) => {
    if (arg === flag) value = argv[index + 1] ?? ''
    else if (arg.startsWith(`${flag}=`)) value = arg.slice(flag.length + 1)
  })
  return value
}

function portsOfBotpressRc(): SandboxPorts {
  const { pagePort, integrationPort, hubspotPort, botpressPort } = readBotpressRc(findProjectRoot()).sandbox
  return { page: pagePort, integration: integrationPort, hubspot: hubspotPort, botpress: botpressPort }
}

/** Rejects what we do not understand, so a typo such as `--pagePort` fails loudly instead of being ignored. */
function checkFlags(argv: readonly string[]): void {
  const valueFlags = new Set([...SETTINGS.map((setting) => setting.flag), '--port'])
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!
    if (valueFlags.has(arg)) index++
    else if (arg !== '--random-ports' && !valueFlags.has(arg.split('=')[0]!))
      throw new UsageError(`unknown option ${arg}`)
  }
}

export function resolvePorts(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  defaults: SandboxPorts = portsOfBotpressRc(),
): SandboxPorts {
  checkFlags(argv)
  if (argv.includes('--random-ports')) return { ...RANDOM_PORTS }
  const ports = { ...defaults }
  for (const { key, env: name, flag } of SETTINGS) {
    if (env[name] !== undefined && env[name] !== '') ports[key] = parsePort(env[name], name)
    const fromFlag = flagValue(argv, flag) ?? (key === 'page' ? flagValue(argv, '--port') : undefined)
    if (fromFlag !== undefined) ports[key] = parsePort(fromFlag, flag)
  }
  return ports
}

/**
 * The folder holding `.botpressrc`: the sandbox runs bundled from `.botpress/` or from source, so it looks
 * above its own file first, then above the working directory.
 */
export function findProjectRoot(starts: string[] = [__dirname, process.cwd()]): string {
  for (const start of starts) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, '.botpressrc'))) return dir
      if (path.dirname(dir) === dir) break
    }
  }
  throw new Error(`no .botpressrc above ${starts.join(' or ')}`)
}
