import type { Response } from '@botpress/sdk'
import { iconSvg } from '.botpress'

/** The channel logo HubSpot shows in its connect flow: static, public, and nothing else. */
export async function serveLogo(): Promise<Response> {
  return {
    status: 200,
    headers: { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' },
    body: iconSvg,
  }
}
