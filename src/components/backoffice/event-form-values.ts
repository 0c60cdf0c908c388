import type { EventFormInput } from '../../lib/server/events/editing';
import { formValues } from './access';

const listFields = ['quartierIds', 'categoryIds', 'targetGroupIds', 'languages', 'weekdays'] as const;
const flagFields = ['allDay', 'isFree', 'stepFree', 'registrationRequired'] as const;

/** What the user sent, so a form with errors comes back exactly as they filled it in. */
export async function submittedEventForm(request: Request): Promise<EventFormInput> {
  return formValues(await request.formData(), listFields, flagFields) as EventFormInput;
}

/** A fresh form: free of charge, in German, in the staff member's only Quartier if there is just one. */
export function blankEventForm(quartierIds: number[]): EventFormInput {
  return {
    isFree: true,
    languages: ['de'],
    quartierIds: quartierIds.length === 1 ? quartierIds.map(String) : [],
    repeat: 'none',
    interval: '1',
    ends: 'count',
  };
}
