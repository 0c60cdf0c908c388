/// <reference types="astro/client" />

type SessionUser = import('../db/schema').User; // eslint-disable-line @typescript-eslint/consistent-type-imports

declare namespace App {
  interface Locals {
    user: SessionUser | null;
    session: { id: string; userId: number; lastVerifiedAt: Date } | null;
    /** The visitor's address (behind a trusted proxy: the forwarded one); the key of rate limits. */
    clientAddress: string;
    /** Set by the middleware; also in the X-Request-Id response header and the log line. */
    requestId: string;
    /** Set by `readForm` when a form was refused: the layout then starts the page title with "Fehler: ". */
    formFailed?: boolean;
    /** Set by `readForm` when a form answered with warnings to confirm: the title then starts with "Bitte prüfen: ". */
    formWarned?: boolean;
  }
}
