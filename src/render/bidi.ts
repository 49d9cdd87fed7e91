/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). In a name they reorder what
 * follows on the reader's screen ("invoice\u202Egpj.exe" shows as "invoiceexe.jpg"), so a customer or agent could
 * pass for someone else or disguise a file; names lose them.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g

export const withoutBidiControls = (text: string): string => text.replace(BIDI_CONTROLS, '')
