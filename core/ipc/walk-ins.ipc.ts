/** The `walkIns` domain: add a party to the queue and move it along, online or offline. */
import { z } from 'zod';
import { CreateWalkInBody, WalkInActionBody } from '../domain/requests';
import { Uuid } from '../domain/schemas';
import { DeskReceipt } from './bookings.ipc';
import { channel } from './channel';
import { IsoDate } from './schedule.ipc';

export const walkInsIpc = {
  /** `arrivedAt` defaults to the desk's clock when the receptionist adds the party. */
  'walkIns:create': channel(CreateWalkInBody, DeskReceipt),
  'walkIns:action': channel(WalkInActionBody.extend({ id: Uuid }).strict(), DeskReceipt),
  /**
   * Who can start the party on `date` now (Start's staff picker): staff who perform its service and
   * are working now, the one the wait estimate names first.
   */
  'walkIns:startable': channel(
    z.object({ id: Uuid, date: IsoDate }).strict(),
    z.object({ staffIds: z.array(Uuid) }),
  ),
} as const;
