/**
 * Both emulators are plain `(Request) => Promise<Response>` cores. This module serves such a core two ways:
 * through msw inside jest (no sockets), and as a real HTTP server on loopback for the local sandbox.
 */
import http from 'node:http'
import { AddressInfo } from 'node:net'
import { http as mswHttp, HttpResponse, type HttpHandler } from 'msw'

export type EmulatorCore = { handle(request: Request): Promise<Response> }

/** An msw handler that forwards every request under `baseUrl` to the emulator. */
export function mswHandler(baseUrl: string, emulator: EmulatorCore): HttpHandler {
  const origin = new URL(baseUrl).origin
  return mswHttp.all(`${origin}/*`, async ({ request }) => {
    const response = await emulator.handle(request)
    // Response.error() is how an emulator simulates a dropped connection.
    if (response.type === 'error') return HttpResponse.error()
    return response
  })
}

/** Starts the emulator as an HTTP server on 127.0.0.1; port 0 picks a free one. */
export async function startHttpServer(
  emulator: EmulatorCore,
  port = 0,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      const body = Buffer.concat(chunks)
      const headers = new Headers()
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
      }
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && body.length > 0
      const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
        method: req.method,
        headers,
        body: hasBody ? body : undefined,
      })
      const response = await emulator.handle(request)
      if (response.type === 'error') {
        req.socket.destroy()
        return
      }
      res.statusCode = response.status
      response.headers.forEach((value, name) => res.setHeader(name, value))
      res.end(Buffer.from(await response.arrayBuffer()))
    } catch (error) {
      res.statusCode = 500
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ message: error instanceof Error ? error.message : String(error) }))
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  return serverHandle(server)
}

/** A listening server's loopback URL, and a close that does not wait for idle keep-alive connections. */
export function serverHandle(server: http.Server): { url: string; close(): Promise<void> } {
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
