/**
 * The `customFields` domain: the fields the business asks for at booking (their types, options and
 * required marks), so the booking dialog can show and check them before the API does.
 */
import { z } from 'zod';
import { CustomField } from '../domain/schemas';
import { channel } from './channel';

export const CustomFieldList = z.object({ fields: z.array(CustomField) });
export type CustomFieldList = z.infer<typeof CustomFieldList>;

export const customFieldsIpc = {
  /** As the API last listed them (kept on this computer, so the dialog works offline). */
  'customFields:list': channel(z.object({}).strict(), CustomFieldList),
} as const;
