/**
 * `npm start`: the whole handoff on one machine, no accounts. Starts the emulators, the integration (the SDK's
 * own HTTP server) and the page, prints the page's URL, and stops everything on Ctrl-C.
 */
import { captureConsole } from './console-capture'
import { resolvePorts, takenPortMessage, USAGE, UsageError } from './config'
import { startSandbox } from './sandbox'

const started = Date.now()

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const ports = resolvePorts(argv, process.env)
  const taken = await takenPortMessage(ports)
  if (taken) {
    process.stderr.write(`${taken}\n`)
    process.exit(1)
  }
  // Kept until the sandbox runs: a failed start says why first, and a good one prints its ports first.
  const logs = captureConsole('keep')
  const sandbox = await startSandbox(ports).catch((error: unknown) => {
    logs.restore()
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), { log: logs.lines })
  })
  const { urls } = sandbox.backend
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  process.stdout.write(
    [
      '',
      `hubspot-inbox-hitl sandbox, ready in ${seconds} s`,
      '',
      `  Open ${sandbox.pageUrl}`,
      '',
      `  integration  ${urls.integration}  (the SDK's start(port); HubSpot webhooks go to ${sandbox.backend.integration.webhookUrl})`,
      `  HubSpot      ${urls.hubspot}  (emulator)`,
      `  Botpress     ${urls.botpress}  (runtime API emulator)`,
      '',
      'Ctrl-C stops everything. Log lines of the integration follow, marked "log │".',
      '',
    ].join('\n'),
  )
  // The SDK announces the port it was asked for, 0 with --random-ports; the real one is printed above.
  logs.startPrinting((line) => !/^Listening on port \d+$/.test(line))

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    process.stdout.write(`\n${signal}: stopping the sandbox…\n`)
    sandbox
      .close()
      .then(() => {
        logs.restore()
        process.stdout.write('Stopped.\n')
        process.exit(0)
      })
      .catch((error: unknown) => {
        logs.restore()
        console.error('The sandbox did not stop cleanly:', error)
        process.exit(1)
      })
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${USAGE}\n`)
    process.exit(2)
  }
  const { code, log } = error as { code?: string; log?: string[] }
  const hint =
    code === 'EADDRINUSE'
      ? '\nA port was taken as the sandbox started: try again, or use npm start -- --random-ports (see --help).'
      : ''
  process.stderr.write(
    `The sandbox could not start: ${error instanceof Error ? error.message : String(error)}${hint}\n`,
  )
  if (log?.length)
    process.stderr.write(`\nThe integration's log until then:\n${log.map((line) => `  ${line}`).join('\n')}\n`)
  process.exit(1)
})
