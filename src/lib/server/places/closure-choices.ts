/**
 * The one-click choices on a place's conflict list (what is planned while the house is closed): cancel an event
 * date and tell those registered, cancel a room booking (the booking's own cancellation mails the requester), or
 * keep the item as an exception. Each choice acts only on an item the list shows for this place, so a form cannot
 * be pointed at an unrelated date; permission is the place's: staff of its Quartier, or an admin.
 */
import type { Db } from '../db';
import type { Actor } from '../auth/permissions';
import { recordAudit } from '../audit';
import { DomainError, NotFoundError } from '../errors';
import { translate, type Locale } from '../../../i18n';
import { berlinDate } from '../../time';
import { cancelOccurrences } from '../events/occurrence-exceptions';
import { getOccurrenceRegistration, mailOccurrenceCancelled } from '../registrations/events';
import { cancelBooking } from '../rooms/booking-decisions';
import { requireManagedPlace } from './editing';
import { CLOSURE_CHECK_DAYS, listClosureConflicts, type ClosureConflict, type ClosureConflictKind } from './closure-conflicts';
import { recordItemKeep, recordKeeps } from './closure-keeps';
import { shiftDate } from './opening-hours';

export interface ClosureChoiceTarget {
  placeId: number;
  kind: ClosureConflictKind;
  id: number;
}

/** The listed conflict the form names, after checking the actor may manage the place. */
function requireListedConflict(db: Db, actor: Actor, target: ClosureChoiceTarget, now: Date): ClosureConflict {
  requireManagedPlace(db, actor, target.placeId);
  const today = berlinDate(now);
  const conflict = listClosureConflicts(db, target.placeId, today, shiftDate(today, CLOSURE_CHECK_DAYS)).find(
    (c) => c.kind === target.kind && c.id === target.id,
  );
  if (!conflict) throw new NotFoundError('bo.place.choice.gone');
  if (conflict.kept) throw new DomainError('conflict', { key: 'bo.place.choice.alreadyKept' });
  return conflict;
}

/** Lets the item take place although the place is closed; it stays on the list as kept, with who chose it audited. */
export function keepDespiteClosure(db: Db, actor: Actor, target: ClosureChoiceTarget, now: Date = new Date()): ClosureConflict {
  return db.transaction((tx) => {
    const conflict = requireListedConflict(tx, actor, target, now);
    const place = requireManagedPlace(tx, actor, target.placeId);
    if (conflict.kind === 'occurrence') {
      // An event date is kept as the save's warning keeps it, under the same audit code.
      recordKeeps(tx, actor, conflict.eventId!, [conflict.recurrenceLocal!], { quartierId: place.quartierId, now });
    } else {
      recordItemKeep(tx, actor.id, { kind: conflict.kind, id: conflict.id }, now);
      recordAudit(tx, {
        actorUserId: actor.id,
        action: 'place.closure.keep',
        entityType: conflict.kind,
        entityId: conflict.id,
        quartierId: place.quartierId,
        details: { placeId: place.id, title: conflict.title, startsAt: conflict.startsAt.toISOString(), reason: conflict.reason },
      });
    }
    return conflict;
  });
}

/** How many people were told: registrants of the date, or the booking's requester. */
export interface ClosureCancelResult {
  conflict: ClosureConflict;
  notified: number;
}

/**
 * Cancels an event date (the closure's reason is the note residents see, and everyone registered gets a mail) or
 * a room booking (its cancellation mails the requester). Volunteer dates have no cancellation of their own yet;
 * they are kept or handled on their page.
 */
export function cancelForClosure(
  db: Db,
  actor: Actor,
  target: ClosureChoiceTarget,
  ctx: { baseUrl: string; locale: Locale },
  now: Date = new Date(),
): ClosureCancelResult {
  return db.transaction((tx) => {
    const conflict = requireListedConflict(tx, actor, target, now);
    const reason = conflict.reason ?? '';
    if (conflict.kind === 'occurrence') {
      cancelOccurrences(tx, actor, conflict.eventId!, [conflict.recurrenceLocal!], reason, now);
      // The occurrence keeps its id when its exception cancels it, so its registrations are still found.
      const notified = getOccurrenceRegistration(tx, conflict.id, now) ? mailOccurrenceCancelled(tx, conflict.id, reason, { ...ctx, now }) : 0;
      return { conflict, notified };
    }
    if (conflict.kind === 'booking') {
      // A booking outside the room's hours on an open day has no closure reason; staff must still give one.
      cancelBooking(tx, actor, conflict.id, { reason: reason || translate(ctx.locale, 'bo.place.conflictOutsideHours') }, now);
      return { conflict, notified: 1 };
    }
    throw new DomainError('conflict', { key: 'bo.place.choice.slotNoCancel' });
  });
}
