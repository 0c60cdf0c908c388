/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    user: import('../db/schema').User | null;
    session: { id: string; userId: number; lastVerifiedAt: Date } | null;
  }
}
