/**
 * Checks every actor and offer change runs before it is written, whoever sends it (a member's form, staff,
 * the demo seed). All problems are collected so the form can show them at once, each next to its field.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { actorKinds, offerTypes, places, quartiere, targetGroups } from '../../../../db/schema';
import { eventLanguages } from '../events/event-form';
import { problem, type Problem } from '../errors';
import { isIsoDate } from '../../time';

export const offerLanguages = eventLanguages;
export type OfferLanguage = (typeof offerLanguages)[number];

export function isActorKind(value: string): value is (typeof actorKinds)[number] {
  return (actorKinds as readonly string[]).includes(value);
}

export function isOfferType(value: string): value is (typeof offerTypes)[number] {
  return (offerTypes as readonly string[]).includes(value);
}

export function isOfferLanguage(value: string): value is OfferLanguage {
  return (offerLanguages as readonly string[]).includes(value);
}

/** Languages in the form's order, or a problem for an unknown one. */
export function checkLanguages(languages: readonly string[], problems: Problem[], field = 'languages'): string {
  const unknown = languages.filter((l) => !isOfferLanguage(l));
  if (unknown.length > 0) problems.push(problem('offers.error.language', { field, params: { code: unknown.join(', ') } }));
  else if (languages.length === 0) problems.push(problem('offers.error.languageMissing', { field }));
  return offerLanguages.filter((l) => languages.includes(l)).join(',');
}

function existingIds(db: Db, table: typeof places | typeof quartiere | typeof targetGroups, ids: readonly number[]): Set<number> {
  if (ids.length === 0) return new Set();
  return new Set(
    db
      .select({ id: table.id })
      .from(table)
      .where(inArray(table.id, [...ids]))
      .all()
      .map((r) => r.id),
  );
}

export function checkQuartiere(db: Db, ids: readonly number[], problems: Problem[], field = 'quartierIds'): void {
  if (ids.length === 0) problems.push(problem('offers.error.quartierMissing', { field }));
  else if (existingIds(db, quartiere, ids).size !== new Set(ids).size) problems.push(problem('offers.error.quartierUnknown', { field }));
}

export function checkTargetGroups(db: Db, ids: readonly number[], problems: Problem[]): void {
  if (existingIds(db, targetGroups, ids).size !== new Set(ids).size) problems.push(problem('offers.error.targetGroupUnknown', { field: 'targetGroupIds' }));
}

export function placeExists(db: Db, id: number): boolean {
  return existingIds(db, places, [id]).size === 1;
}

/** A web address people can open: http(s) only, so no `javascript:` link ends up on a public page. */
export function checkWebsite(value: string | null, problems: Problem[]): void {
  if (value === null) return;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return;
  } catch {
    // reported below
  }
  problems.push(problem('form.field.website', { field: 'website' }));
}

/** An address is given whole (street, postal code, city) or not at all. */
export function checkAddress(address: { street: string | null; postalCode: string | null; city: string | null }, problems: Problem[]): boolean {
  const given = [address.street, address.postalCode, address.city].filter((v) => v !== null && v !== '').length;
  if (given === 0) return false;
  if (!address.street) problems.push(problem('offers.error.streetMissing', { field: 'street' }));
  if (!address.postalCode || !/^\d{5}$/.test(address.postalCode)) problems.push(problem('offers.error.postalCode', { field: 'postalCode' }));
  if (!address.city) problems.push(problem('offers.error.cityMissing', { field: 'city' }));
  return true;
}

export function checkValidity(validFrom: string | null, validUntil: string | null, problems: Problem[]): void {
  if (validFrom !== null && !isIsoDate(validFrom)) problems.push(problem('form.field.date', { field: 'validFrom' }));
  if (validUntil !== null && !isIsoDate(validUntil)) problems.push(problem('form.field.date', { field: 'validUntil' }));
  if (validFrom && validUntil && validUntil < validFrom) problems.push(problem('offers.error.untilBeforeFrom', { field: 'validUntil' }));
}
