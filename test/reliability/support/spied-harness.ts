import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { Harness, HarnessOptions } from '../../support/harness'

/**
 * `useHarness`, plus a catch-all that records every request no emulator serves instead of letting it leave the
 * process: bad input must never make the integration call an address it was handed (loopback, private ranges,
 * other schemes). msw answers before any connection is made, so what is recorded is what the integration tried.
 */
export function useSpiedHarness(defaults?: HarnessOptions) {
  const strays: string[] = []
  let current: Harness | undefined
  const server = setupServer()
  const install = (options?: HarnessOptions) => {
    current?.logs.stop()
    current = new Harness({ ...defaults, ...options })
    server.resetHandlers(
      ...current.mswHandlers(),
      http.all('*', ({ request }) => {
        strays.push(`${request.method} ${request.url}`)
        return new HttpResponse('no such host in this test', { status: 418 })
      }),
    )
    current.logs.start()
    return current
  }
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())
  beforeEach(() => install())
  afterEach(() => {
    current?.logs.stop()
    current = undefined
  })
  return {
    /** Requests to hosts no emulator serves, since the suite started. */
    strays,
    /** The current install; with options, a fresh one. */
    harness(options?: HarnessOptions): Harness {
      if (options) return install(options)
      if (!current) throw new Error('the harness is only available inside a test')
      return current
    },
  }
}
