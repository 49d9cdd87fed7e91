/**
 * HubSpot limits the integration designs around. Where HubSpot publishes no figure, the value is our
 * conservative assumption and says so. The HubSpot emulator keeps its own limits (emulators/hubspot/README.md,
 * "Limits the emulator owns"), so a test fails when the integration goes past them.
 */

/** Text of one custom-channel message. UNCONFIRMED by HubSpot's docs: we split longer texts into several messages. */
export const MAX_MESSAGE_TEXT_LENGTH = 10_000

/** Custom-channel attachment capabilities we declare (HubSpot's documented example is 1.5 MB; Botpress uses 10 MB). */
export const MAX_ATTACHMENT_BYTES = 10_000_000

/** Notes bodies (hs_note_body), documented. */
export const MAX_NOTE_BODY_LENGTH = 65_536
