// Points the integration at the emulators; imported before the integration so every module sees it.
export const BOTPRESS_API_URL = 'https://api.botpress.test'
export const HUBSPOT_API_URL = 'https://api.hubapi.test'
export const WEBHOOK_BASE_URL = 'https://webhook.botpress.test'
export const MEDIA_BASE_URL = 'https://media.example.test'

process.env.BP_API_URL = BOTPRESS_API_URL
process.env.HUBSPOT_API_URL = HUBSPOT_API_URL
process.env.BP_WEBHOOK_URL = WEBHOOK_BASE_URL
process.env.BP_TOKEN = 'bp-runtime-token-for-tests'
