/** The `walkIns` domain: add a party to the queue and move it along, online or offline. */
import { CreateWalkInBody, WalkInActionBody } from '../domain/requests';
import { Uuid } from '../domain/schemas';
import { DeskReceipt } from './bookings.ipc';
import { channel } from './channel';

export const walkInsIpc = {
  /** `arrivedAt` defaults to the desk's clock when the receptionist adds the party. */
  'walkIns:create': channel(CreateWalkInBody, DeskReceipt),
  'walkIns:action': channel(WalkInActionBody.extend({ id: Uuid }).strict(), DeskReceipt),
} as const;
