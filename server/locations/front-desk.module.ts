/**
 * The front-desk feature set (../shared/API.md "Front desk") as one unit for the composition root:
 * platform.ts builds {@link FrontDesk} with `buildFrontDesk`, app.ts registers `frontDeskRoutes` in
 * the authenticated scope.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AuditLog } from '../audit/audit-log.service';
import { availabilityRoutes } from '../availability/availability.routes';
import { AvailabilityService } from '../availability/availability.service';
import { bookingRoutes } from '../bookings/booking.routes';
import { BookingService } from '../bookings/booking.service';
import { catalogRoutes } from '../catalog/catalog.routes';
import { CatalogService } from '../catalog/catalog.service';
import { customFieldRoutes } from '../custom-fields/custom-field.routes';
import { CustomFieldService } from '../custom-fields/custom-field.service';
import { customerRoutes } from '../customers/customer.routes';
import { CustomerService } from '../customers/customer.service';
import { externalBusyRoutes } from '../external-busy/external-busy.routes';
import { ExternalBusyService } from '../external-busy/external-busy.service';
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
  availability: AvailabilityService;
  bookings: BookingService;
  externalBusy: ExternalBusyService;
}

/** What the front desk needs from the platform. */
export interface FrontDeskDeps {
  now: () => Date;
  /** Where `allowOverlap` bookings are recorded. */
  audit: Pick<AuditLog, 'append'>;
}

export function buildFrontDesk({ now, audit }: FrontDeskDeps): FrontDesk {
  const customers = new CustomerService(now);
  return {
    locations: new LocationService(now),
    staff: new StaffService(now),
    catalog: new CatalogService(now),
    customers,
    customFields: new CustomFieldService(now),
    availability: new AvailabilityService(now),
    bookings: new BookingService({ now, audit, customers }),
    externalBusy: new ExternalBusyService(),
  };
}

export const frontDeskRoutes: FastifyPluginAsync<{ frontDesk: FrontDesk }> = async (app, { frontDesk }) => {
  await app.register(locationRoutes, { locations: frontDesk.locations });
  await app.register(staffRoutes, { staff: frontDesk.staff });
  await app.register(catalogRoutes, { catalog: frontDesk.catalog });
  await app.register(customerRoutes, { customers: frontDesk.customers });
  await app.register(customFieldRoutes, { customFields: frontDesk.customFields });
  await app.register(availabilityRoutes, { availability: frontDesk.availability });
  await app.register(bookingRoutes, { bookings: frontDesk.bookings });
  await app.register(externalBusyRoutes, { externalBusy: frontDesk.externalBusy });
};
