/**
 * Booking rules shared by the server and the offline desktop: which status moves are allowed
 * (../shared/API.md "Front desk") and how custom field values are checked against their definitions.
 */
import type { BookingStatus, CustomField } from './schemas';

/** Allowed moves: booked → checked_in → in_service → completed; booked|checked_in → no_show; active → cancelled. */
const NEXT_STATUSES: Readonly<Record<BookingStatus, readonly BookingStatus[]>> = {
  booked: ['checked_in', 'no_show', 'cancelled'],
  checked_in: ['in_service', 'no_show', 'cancelled'],
  in_service: ['completed', 'cancelled'],
  completed: [],
  no_show: [],
  cancelled: [],
};

/** True when a booking in status `from` may move to `to`. */
export function canMoveStatus(from: BookingStatus, to: BookingStatus): boolean {
  return NEXT_STATUSES[from].includes(to);
}

/** A custom field value as a booking carries it. */
export type FieldValue = string | number | boolean;

/** One problem with a booking's custom field values, keyed by the field's key. */
export interface FieldValueError {
  key: string;
  message: string;
}

/**
 * Checks `values` against the business's field definitions: every required field present (a text
 * value must not be blank, a checkbox must be ticked), each value of its field's type (select:
 * one of its options), and no key without a definition.
 */
/** A field definition as the check needs it (`options` null or absent for non-select fields). */
export interface FieldDefinition extends Pick<CustomField, 'key' | 'type' | 'required'> {
  options?: readonly string[] | null;
}

export function customFieldValueErrors(
  definitions: readonly FieldDefinition[],
  values: Readonly<Record<string, FieldValue>>,
): FieldValueError[] {
  const errors: FieldValueError[] = [];
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  for (const key of Object.keys(values)) {
    if (!byKey.has(key)) errors.push({ key, message: 'no such custom field' });
  }
  for (const field of definitions) {
    const value = values[field.key];
    if (value === undefined) {
      if (field.required) errors.push({ key: field.key, message: 'required' });
      continue;
    }
    const problem = valueProblem(field, value);
    if (problem) errors.push({ key: field.key, message: problem });
  }
  return errors;
}

function valueProblem(field: FieldDefinition, value: FieldValue): string | null {
  switch (field.type) {
    case 'text':
      if (typeof value !== 'string') return 'expected text';
      return field.required && value.trim() === '' ? 'required' : null;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'expected a number';
    case 'checkbox':
      if (typeof value !== 'boolean') return 'expected true or false';
      return field.required && !value ? 'must be ticked' : null;
    case 'select':
      return typeof value === 'string' && (field.options ?? []).includes(value)
        ? null
        : 'not one of the options';
  }
}
