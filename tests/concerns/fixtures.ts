/** Shared set-up of the concerns tests: a demo city at a fixed time, a photo folder, and reading mails and links. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { Db } from '../../db/client';
import { outbox, users, type User } from '../../db/schema';

/** Photos of domain tests go to a temp folder, never into the worktree. */
export function usePhotoDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'anliegen-fotos-'));
  process.env.CONCERN_PHOTO_DIR = dir;
  return dir;
}

export function userByEmail(db: Db, email: string): User {
  const user = db.select().from(users).where(eq(users.email, email)).get();
  if (!user) throw new Error(`no user ${email}`);
  return user;
}

export function mailsTo(db: Db, to: string): { subject: string; text: string; kind: string }[] {
  return db
    .select({ subject: outbox.subject, text: outbox.textBody, kind: outbox.kind })
    .from(outbox)
    .where(eq(outbox.toAddress, to))
    .orderBy(desc(outbox.id))
    .all();
}

/** The token of the newest mail to `to` with a link to `/anliegen/<kind>/<token>`. */
export function linkToken(db: Db, to: string, kind: 'antwort' | 'bestaetigen' | 'rueckmeldung'): string {
  for (const mail of mailsTo(db, to)) {
    const match = new RegExp(`/anliegen/${kind}/([a-z2-7]+)`).exec(mail.text);
    if (match) return match[1]!;
  }
  throw new Error(`no ${kind} link in the mails to ${to}`);
}

/** A JPEG as a phone makes it: with EXIF camera data and a GPS position. */
export async function photoWithGps(width = 2400, height = 1800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 180, g: 90, b: 30 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Phone-GPS', Copyright: 'Erika Mustermann' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 27/1 50/1', GPSLongitudeRef: 'E', GPSLongitude: '7/1 4/1 42/1' },
    })
    .toBuffer();
}
