import { readInstant } from '../db/sql-dialect';
import { SqlRepository } from '../db/sql-repository';

/** An imported busy block with the zone of its staff member's location. */
export interface ExternalBusyRecord {
  id: string;
  staffId: string;
  source: 'google' | 'microsoft' | 'caldav';
  subject: string;
  start: Date;
  end: Date;
  durationMinutes: number;
  /** The staff member's location zone, for showing instants. */
  timeZone: string;
}

/** What an importer stores for one event (subject, time and duration only: nothing else is kept). */
export interface NewExternalBusy {
  id: string;
  staffId: string;
  source: ExternalBusyRecord['source'];
  connectionId?: string | null;
  eventIdHash?: string | null;
  subject: string;
  start: Date;
  end: Date;
  durationMinutes: number;
}

/** Busy blocks imported from connected calendars, per staff member, of the scope's tenant. */
export class ExternalBusyRepository extends SqlRepository {
  async insert(block: NewExternalBusy, createdAt: Date): Promise<void> {
    await this.sql(
      `INSERT INTO external_busy (tenant_id, id, staff_id, source, connection_id, event_id_hash, subject, start_at, end_at, duration_minutes, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        this.tenantId,
        block.id,
        block.staffId,
        block.source,
        block.connectionId ?? null,
        block.eventIdHash ?? null,
        block.subject,
        this.at(block.start),
        this.at(block.end),
        block.durationMinutes,
        this.at(createdAt),
      ],
    );
  }

  /** Blocks overlapping `[from, to)`, optionally of some staff only, ordered by start. */
  async between(from: Date, to: Date, staffIds?: readonly string[]): Promise<ExternalBusyRecord[]> {
    if (staffIds?.length === 0) return [];
    const staffFilter = staffIds ? ` AND b.staff_id IN (${staffIds.map(() => '?').join(', ')})` : '';
    const rows = await this.sql<{
      id: string;
      staff_id: string;
      source: ExternalBusyRecord['source'];
      subject: string;
      start_at: unknown;
      end_at: unknown;
      duration_minutes: number | string;
      time_zone: string;
    }>(
      `SELECT b.id, b.staff_id, b.source, b.subject, b.start_at, b.end_at, b.duration_minutes, l.time_zone
         FROM external_busy b
         JOIN staff s ON s.tenant_id = b.tenant_id AND s.id = b.staff_id
         JOIN locations l ON l.tenant_id = s.tenant_id AND l.id = s.location_id
        WHERE b.tenant_id = ? AND b.start_at < ? AND b.end_at > ?${staffFilter}
        ORDER BY b.start_at, b.id`,
      [this.tenantId, this.at(to), this.at(from), ...(staffIds ?? [])],
    );
    return rows.map((r) => ({
      id: r.id,
      staffId: r.staff_id,
      source: r.source,
      subject: r.subject,
      start: readInstant(r.start_at),
      end: readInstant(r.end_at),
      durationMinutes: Number(r.duration_minutes),
      timeZone: r.time_zone,
    }));
  }
}

/** A block as its connection's importer sees it (to diff a sync result against what is stored). */
export interface ImportedBlock {
  id: string;
  eventIdHash: string;
  subject: string;
  start: Date;
  end: Date;
  durationMinutes: number;
}

/** Rows per multi-row INSERT (well under SQLite's 32,766 bound parameters). */
const INSERT_CHUNK = 500;

/** Writes of the calendar importer (server/calendars): blocks of one connection. */
export class ImportedBusyRepository extends SqlRepository {
  async ofConnection(connectionId: string): Promise<ImportedBlock[]> {
    const rows = await this.sql<{
      id: string;
      event_id_hash: string;
      subject: string;
      start_at: unknown;
      end_at: unknown;
      duration_minutes: number | string;
    }>(
      `SELECT id, event_id_hash, subject, start_at, end_at, duration_minutes
         FROM external_busy WHERE tenant_id = ? AND connection_id = ?`,
      [this.tenantId, connectionId],
    );
    return rows.map((r) => ({
      id: r.id,
      eventIdHash: r.event_id_hash,
      subject: r.subject,
      start: readInstant(r.start_at),
      end: readInstant(r.end_at),
      durationMinutes: Number(r.duration_minutes),
    }));
  }

  /** Inserts blocks of one connection in chunks (ids chosen by the caller). */
  async insertMany(
    connection: { id: string; staffId: string; source: NewExternalBusy['source'] },
    blocks: readonly ImportedBlock[],
    createdAt: Date,
  ): Promise<void> {
    for (let i = 0; i < blocks.length; i += INSERT_CHUNK) {
      const chunk = blocks.slice(i, i + INSERT_CHUNK);
      await this.sql(
        `INSERT INTO external_busy (tenant_id, id, staff_id, source, connection_id, event_id_hash, subject, start_at, end_at, duration_minutes, created_at)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((b) => [
          this.tenantId,
          b.id,
          connection.staffId,
          connection.source,
          connection.id,
          b.eventIdHash,
          b.subject,
          this.at(b.start),
          this.at(b.end),
          b.durationMinutes,
          this.at(createdAt),
        ]),
      );
    }
  }

  async update(block: ImportedBlock): Promise<void> {
    await this.sql(
      `UPDATE external_busy SET subject = ?, start_at = ?, end_at = ?, duration_minutes = ? WHERE tenant_id = ? AND id = ?`,
      [
        block.subject,
        this.at(block.start),
        this.at(block.end),
        block.durationMinutes,
        this.tenantId,
        block.id,
      ],
    );
  }

  async deleteIds(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
      const chunk = ids.slice(i, i + INSERT_CHUNK);
      await this.sql(
        `DELETE FROM external_busy WHERE tenant_id = ? AND id IN (${chunk.map(() => '?').join(', ')})`,
        [this.tenantId, ...chunk],
      );
    }
  }
}
