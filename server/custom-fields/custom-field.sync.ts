/** Custom fields in the sync protocol: the pull source of entity `customField` (every definition). */
import { readJson, readText } from '../db/sql-repository';
import { sqlSource } from '../sync/sync-sources';
import type { SyncFeature } from '../sync/sync.module';
import { toCustomField } from './custom-field.service';

export const customFieldSync: SyncFeature = {
  sources: [
    sqlSource(
      'customField',
      { from: 'custom_fields x', columns: 'x.id, x.key, x.label, x.type, x.required, x.options' },
      (r) =>
        toCustomField({
          id: readText(r.id),
          key: readText(r.key),
          label: readText(r.label),
          type: r.type as 'text',
          required: Boolean(r.required),
          options: readJson<string[]>(r.options),
          createdAt: new Date(0),
        }),
    ),
  ],
};
