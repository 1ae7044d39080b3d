import type { Availability, AvailabilityQuery } from '../../core/domain/requests';
import { formatInZone } from '../../core/domain/zoned-instant';
import { findFreeSlots } from '../../core/scheduling';
import { CatalogRepository } from '../catalog/catalog.repository';
import type { TenantScope } from '../db/tenant-scope';
import { NotFoundError } from '../errors';
import { rangeErrors } from '../external-busy/external-busy.service';
import { throwIfInvalid } from '../front-desk/front-desk.errors';
import { LocationRepository } from '../locations/location.repository';
import { StaffRepository } from '../staff/staff.repository';
import { loadScheduleInputs } from './schedule-inputs';

/** Longest range one availability query covers. */
const MAX_RANGE_DAYS = 31;
const DAY_MS = 86_400_000;

/** Free slots of a service (core's findFreeSlots over the tenant's data), in each location's zone. */
export class AvailabilityService {
  constructor(private readonly now: () => Date) {}

  find(scope: TenantScope, query: AvailabilityQuery): Promise<Availability> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    throwIfInvalid(rangeErrors(from, to, MAX_RANGE_DAYS));
    return scope.transaction(async (tx) => {
      const service = await tx.get(CatalogRepository).findById(query.serviceId);
      if (!service) throw new NotFoundError('service not found');
      if (query.locationId !== undefined && !(await tx.get(LocationRepository).findById(query.locationId))) {
        throw new NotFoundError('location not found');
      }
      const staffRepository = tx.get(StaffRepository);
      let members = await staffRepository.findQualified(service.id, query.locationId);
      if (query.staffId !== undefined) {
        if (!(await staffRepository.findById(query.staffId)))
          throw new NotFoundError('staff member not found');
        members = members.filter((m) => m.id === query.staffId);
      }
      // A day either side covers every buffer and wall-clock day a slot in range can touch.
      const inputs = await loadScheduleInputs(
        tx,
        members,
        new Date(from.getTime() - DAY_MS),
        new Date(to.getTime() + DAY_MS),
      );
      const slots: (Availability['slots'][number] & { at: number })[] = [];
      for (const [locationId, location] of inputs.locations) {
        const here = new Set(members.filter((m) => m.locationId === locationId).map((m) => m.id));
        const found = findFreeSlots({
          service,
          staff: inputs.staff.filter((s) => here.has(s.id)),
          location,
          bookings: inputs.bookings,
          busyBlocks: inputs.busyBlocks,
          from: from.getTime(),
          to: to.getTime(),
          now: this.now().getTime(),
        });
        for (const slot of found) {
          slots.push({
            at: slot.start,
            start: formatInZone(slot.start, location.timeZone),
            end: formatInZone(slot.end, location.timeZone),
            staffIds: slot.staffIds,
          });
        }
      }
      slots.sort((a, b) => a.at - b.at);
      return { slots: slots.map(({ at: _at, ...slot }) => slot) };
    });
  }
}
