/**
 * Answers `customFields:list`: the business's booking fields as the API lists them
 * (`GET /v1/custom-fields`, read with the session's access token), kept in the cache's meta table so
 * the booking dialog shows them offline too. Never throws: a failed read answers the last known list.
 */
import type { CustomField } from '../../core/domain/schemas';
import { CustomField as CustomFieldSchema } from '../../core/domain/schemas';
import type { CustomFieldList } from '../../core/ipc/custom-fields.ipc';
import type { ApiClient } from '../api/api.client';
import type { MetaStore } from '../cache/meta.store';

export const CUSTOM_FIELDS_META_KEY = 'customFields.list';

/** Where the API is and a token for it (null when not signed in). */
export interface CustomFieldsSession {
  apiBaseUrl(): string | null;
  accessToken(): Promise<string | null>;
}

export class CustomFieldsService {
  constructor(
    private readonly meta: Pick<MetaStore, 'get' | 'set'>,
    private readonly session: CustomFieldsSession,
    private readonly apiFor: (baseUrl: string) => Pick<ApiClient, 'call'>,
    private readonly log: (message: string, error: unknown) => void = () => {},
  ) {}

  async list(): Promise<CustomFieldList> {
    const fresh = await this.readFromApi();
    if (fresh) {
      this.meta.set(CUSTOM_FIELDS_META_KEY, fresh);
      return { fields: fresh };
    }
    return { fields: this.meta.get<CustomField[]>(CUSTOM_FIELDS_META_KEY) ?? [] };
  }

  private async readFromApi(): Promise<CustomField[] | null> {
    const apiBaseUrl = this.session.apiBaseUrl();
    if (!apiBaseUrl) return null;
    try {
      const token = await this.session.accessToken();
      if (!token) return null;
      const result = await this.apiFor(apiBaseUrl).call<{ items: unknown[] }>(
        'GET',
        '/v1/custom-fields?limit=200',
        token,
      );
      if (!result.ok) return null;
      // Only fields the desk understands; one the API added later must not break the dialog.
      return result.value.items.flatMap((item) => {
        const parsed = CustomFieldSchema.safeParse(item);
        return parsed.success ? [parsed.data] : [];
      });
    } catch (error) {
      this.log('Could not read the custom fields', error);
      return null;
    }
  }
}
