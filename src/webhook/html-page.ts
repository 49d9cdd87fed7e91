import type { Response } from '@botpress/sdk'
import { escapeHtml } from '../render/escape-html'

/** A short page for the person who went through the OAuth flow in their browser. */
export function htmlPage(status: number, title: string, message: string): Response {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:40em;margin:4em auto"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`,
  }
}
