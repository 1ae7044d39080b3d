/**
 * What one open account's cache serves: the schedule, customers and calendar status read from that
 * (server, tenant) cache only. The session opens one when an account is signed in (or reopened at
 * start-up) and closes it on sign-out or when another account signs in.
 */
import { ApiClient } from '../api/api.client';
import type { DeskCache } from '../cache/desk-cache';
import { cacheKeyAccount, openDeskCache } from '../cache/desk-cache';
import { ScheduleCache } from '../cache/schedule.cache';
import { CalendarStatusService } from '../calendars/calendar-status.service';
import { readStaffNames } from '../calendars/staff-names';
import { CustomerDirectory } from '../customers/customer-directory';
import { CustomerService } from '../customers/customer.service';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { MetaStore } from '../cache/meta.store';
import { ScheduleService } from '../schedule/schedule.service';
import type { SecretStore } from '../secrets/secret-store';
import { deleteCacheFiles } from '../session/account-files';

export interface AccountServices extends DeskCache {
  cache: ScheduleCache;
  schedule: ScheduleService;
  customers: CustomerService;
  calendars: CalendarStatusService;
  customFields: CustomFieldsService;
}

/** The open account's API and a token for main's own calls to it. */
export interface AccountApi {
  apiBaseUrl(): string | null;
  accessToken(): Promise<string | null>;
}

export interface AccountServicesDeps {
  secrets: Pick<SecretStore, 'get' | 'set'>;
  api: AccountApi;
  fetchFn?: typeof fetch;
  log?: (message: string, error: unknown) => void;
  /** The location the receptionist chose (the desk's settings); the cache reads for it. */
  chosenLocationId?: () => string | null;
}

/** Opens the cache at `file` with its data key and builds the services that read it. */
export async function openAccountServices(file: string, deps: AccountServicesDeps): Promise<AccountServices> {
  const opened = await openDeskCache({ file, secrets: deps.secrets });
  if (opened.notice) deps.log?.(opened.notice, null);
  const cache = new ScheduleCache(opened.db, opened.cipher, undefined, deps.chosenLocationId);
  const calendars = new CalendarStatusService(
    new MetaStore(opened.db),
    { apiBaseUrl: () => deps.api.apiBaseUrl(), accessToken: () => deps.api.accessToken() },
    (url) => new ApiClient(url, deps.fetchFn),
    () => readStaffNames(opened.db),
    deps.log,
  );
  return {
    ...opened,
    cache,
    schedule: new ScheduleService(cache),
    customers: new CustomerService(
      opened.db,
      opened.cipher,
      cache.customers,
      new CustomerDirectory(cache.customers),
    ),
    calendars,
    customFields: new CustomFieldsService(
      new MetaStore(opened.db),
      deps.api,
      (url) => new ApiClient(url, deps.fetchFn),
      deps.log,
    ),
  };
}

/** Deletes a closed cache's files and its data key. */
export async function deleteAccountCache(file: string, secrets: Pick<SecretStore, 'delete'>): Promise<void> {
  deleteCacheFiles(file);
  await secrets.delete(cacheKeyAccount(file));
}
