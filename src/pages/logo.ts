import type { Response } from '@botpress/sdk'

/**
 * The definition's icon.svg, as code: `bp build` bundles src/ without a loader for .svg files, and the deployed
 * integration has no file system to read it from. test/scenarios/oauth.test.ts keeps the two identical.
 */
const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
  <rect width="64" height="64" rx="14" fill="#1f2a44"/>
  <path d="M10 14h26a6 6 0 0 1 6 6v12a6 6 0 0 1-6 6H22l-8 7v-7h-4a6 6 0 0 1-6-6V20a6 6 0 0 1 6-6z" fill="#5ac8fa"/>
  <circle cx="16" cy="26" r="2.6" fill="#1f2a44"/>
  <circle cx="23" cy="26" r="2.6" fill="#1f2a44"/>
  <circle cx="30" cy="26" r="2.6" fill="#1f2a44"/>
  <path d="M30 30h24a5 5 0 0 1 5 5v11a5 5 0 0 1-5 5h-3v6l-7-6H30a5 5 0 0 1-5-5V35a5 5 0 0 1 5-5z" fill="#ff7a59"/>
  <circle cx="42" cy="38" r="3.4" fill="#fff"/>
  <path d="M35.5 47c1.2-3.6 3.8-5.2 6.5-5.2s5.3 1.6 6.5 5.2z" fill="#fff"/>
</svg>
`

/** The channel logo HubSpot shows in its connect flow: static, public, and nothing else. */
export async function serveLogo(): Promise<Response> {
  return {
    status: 200,
    headers: { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' },
    body: ICON_SVG,
  }
}
