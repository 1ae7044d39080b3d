/** The entities the desktop keeps a copy of, by the name they carry in the sync protocol. */
export const SYNC_ENTITIES = [
  'location',
  'staff',
  'timeOff',
  'service',
  'customField',
  'customer',
  'booking',
  'walkIn',
  'externalBusy',
] as const;

/** An entity name of the sync protocol (`changes[].entity` of a pull). */
export type SyncEntity = (typeof SYNC_ENTITIES)[number];

/** `put`: the entity exists with `data`; `del`: it is gone (a tombstone). */
export type ChangeOp = 'put' | 'del';

/** One change to record: `entity` `id` was written (`put`) or deleted (`del`). */
export interface EntityChange {
  entity: SyncEntity;
  id: string;
  op: ChangeOp;
}
