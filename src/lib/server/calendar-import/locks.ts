/** Which fields of an imported event staff can keep against its source calendar. */
import type { ImportedEvent } from '../../../../db/schema';
import type { PlannedColumns } from './mapping';

/** Event fields staff can keep against the source: each name stands for the columns it covers. */
export const lockableFields = {
  title: ['title'],
  description: ['description'],
  times: ['startLocal', 'endLocal', 'allDay', 'rrule'],
  location: ['placeId', 'locationName', 'locationAddress'],
  categories: [],
} as const satisfies Record<string, readonly (keyof PlannedColumns)[]>;
export type LockableField = keyof typeof lockableFields;

export function isLockableField(value: string): value is LockableField {
  return value in lockableFields;
}

export function lockedFieldsOf(row: Pick<ImportedEvent, 'lockedFields'>): LockableField[] {
  return row.lockedFields.split(',').filter(isLockableField);
}

/** In the order the staff form lists them. */
export const lockableFieldNames = Object.keys(lockableFields) as LockableField[];
