import { http, HttpResponse } from 'msw'
import { HarnessOptions, useHarness } from '../../support/harness'

/**
 * `useHarness`, plus a catch-all that records every request no emulator serves instead of letting it leave the
 * process: bad input must never make the integration call an address it was handed (loopback, private ranges,
 * other schemes). msw answers before any connection is made, so what is recorded is what the integration tried.
 */
export function useSpiedHarness(defaults?: HarnessOptions) {
  const strays: string[] = []
  const harness = useHarness(defaults, [
    http.all('*', ({ request }) => {
      strays.push(`${request.method} ${request.url}`)
      return new HttpResponse('no such host in this test', { status: 418 })
    }),
  ])
  /** `strays`: requests to hosts no emulator serves, since the suite started. */
  return { strays, harness }
}
