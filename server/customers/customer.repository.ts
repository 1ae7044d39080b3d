import { Brackets } from 'typeorm';
import { FRONT_DESK_ENTITY } from '../db/entities/front-desk.entities';
import type { CustomerRow } from '../db/entities/front-desk.entities';
import { ScopedRepository } from '../db/scoped-repository';
import { pageInIdOrder } from '../db/sql-repository';
import type { IdPage } from '../db/sql-repository';

/** Customers of the scope's tenant. */
export class CustomerRepository extends ScopedRepository {
  private readonly customers = this.table<CustomerRow>(FRONT_DESK_ENTITY.customer);

  async create(row: Omit<CustomerRow, 'tenantId'>): Promise<void> {
    await this.customers.insert(row);
  }

  findById(id: string): Promise<CustomerRow | null> {
    return this.customers.findOne({ id });
  }

  /** A page in id order; with `search`, only customers whose name, phone or e-mail contains it (any case). */
  page(page: IdPage, search?: string): Promise<CustomerRow[]> {
    const qb = this.customers.select('c');
    if (search !== undefined) {
      const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      qb.andWhere(
        new Brackets((or) =>
          or
            .where(`LOWER(c.name) LIKE :pattern ESCAPE '\\'`, { pattern })
            .orWhere(`LOWER(c.email) LIKE :pattern ESCAPE '\\'`, { pattern })
            .orWhere(`LOWER(c.phone) LIKE :pattern ESCAPE '\\'`, { pattern }),
        ),
      );
    }
    return pageInIdOrder(qb, 'c', page);
  }

  async update(
    id: string,
    patch: Partial<Omit<CustomerRow, 'tenantId' | 'id' | 'createdAt'>>,
  ): Promise<void> {
    if (Object.keys(patch).length > 0) await this.customers.update({ id }, patch);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.customers.delete({ id })) > 0;
  }
}
