/// <reference types="astro/client" />

type SessionUser = import('../db/schema').User; // eslint-disable-line @typescript-eslint/consistent-type-imports

declare namespace App {
  interface Locals {
    user: SessionUser | null;
    session: { id: string; userId: number; lastVerifiedAt: Date } | null;
  }
}
