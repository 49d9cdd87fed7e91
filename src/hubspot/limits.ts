/**
 * HubSpot limits the integration designs around. Where HubSpot publishes no figure, the value is our
 * conservative assumption and says so; the emulator enforces the same numbers.
 */

/** Text of one custom-channel message. UNCONFIRMED by HubSpot's docs: we split longer texts into several messages. */
export const MAX_MESSAGE_TEXT_LENGTH = 10_000

/** Custom-channel attachment capabilities we declare (HubSpot's documented example is 1.5 MB; Botpress uses 10 MB). */
export const MAX_ATTACHMENT_BYTES = 10_000_000

/** Notes bodies (hs_note_body), documented. */
export const MAX_NOTE_BODY_LENGTH = 65_536
