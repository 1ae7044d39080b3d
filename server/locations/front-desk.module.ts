/**
 * The front-desk feature set (../shared/API.md "Front desk") as one unit for the composition root:
 * platform.ts builds {@link FrontDesk} with `buildFrontDesk`, app.ts registers `frontDeskRoutes` in
 * the authenticated scope.
 */
import type { FastifyPluginAsync } from 'fastify';
import { catalogRoutes } from '../catalog/catalog.routes';
import { CatalogService } from '../catalog/catalog.service';
import { customFieldRoutes } from '../custom-fields/custom-field.routes';
import { CustomFieldService } from '../custom-fields/custom-field.service';
import { customerRoutes } from '../customers/customer.routes';
import { CustomerService } from '../customers/customer.service';
import { staffRoutes } from '../staff/staff.routes';
import { StaffService } from '../staff/staff.service';
import { locationRoutes } from './location.routes';
import { LocationService } from './location.service';

/** The front-desk services. */
export interface FrontDesk {
  locations: LocationService;
  staff: StaffService;
  catalog: CatalogService;
  customers: CustomerService;
  customFields: CustomFieldService;
}

/** What the front desk needs from the platform. */
export interface FrontDeskDeps {
  now: () => Date;
}

export function buildFrontDesk({ now }: FrontDeskDeps): FrontDesk {
  const customers = new CustomerService(now);
  return {
    locations: new LocationService(now),
    staff: new StaffService(now),
    catalog: new CatalogService(now),
    customers,
    customFields: new CustomFieldService(now),
  };
}

export const frontDeskRoutes: FastifyPluginAsync<{ frontDesk: FrontDesk }> = async (app, { frontDesk }) => {
  await app.register(locationRoutes, { locations: frontDesk.locations });
  await app.register(staffRoutes, { staff: frontDesk.staff });
  await app.register(catalogRoutes, { catalog: frontDesk.catalog });
  await app.register(customerRoutes, { customers: frontDesk.customers });
  await app.register(customFieldRoutes, { customFields: frontDesk.customFields });
};
