/**
 * `npm start`: the whole handoff on one machine, no accounts. Starts the emulators, the integration (the SDK's
 * own HTTP server) and the page, prints the page's URL, and stops everything on Ctrl-C.
 */
import { captureConsole } from './console-capture'
import { resolvePorts, USAGE, UsageError } from './config'
import { startSandbox } from './sandbox'

const started = Date.now()

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const ports = resolvePorts(argv, process.env)
  const logs = captureConsole('print')
  const sandbox = await startSandbox(ports).catch((error: unknown) => {
    logs.restore()
    throw error
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
  const code = (error as { code?: string }).code
  const hint = code === 'EADDRINUSE' ? ' (a port is taken: see `npm start -- --help` to choose others)' : ''
  process.stderr.write(
    `The sandbox could not start${hint}: ${error instanceof Error ? error.message : String(error)}\n`,
  )
  process.exit(1)
})
