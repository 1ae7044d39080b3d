import { randomUUID } from 'node:crypto';
import type { Customer } from '../../core/domain/schemas';
import type { CreateCustomerBody, CustomerListQuery, UpdateCustomerBody } from '../../core/domain/requests';
import type { CustomerRow } from '../db/entities/front-desk.entities';
import type { TenantScope, TenantTransaction } from '../db/tenant-scope';
import { NotFoundError } from '../errors';
import { constraintViolation } from '../db/sql-repository';
import { alreadyExists, decodeIdCursor, InUseError, toPage } from '../front-desk/front-desk.errors';
import { CustomerRepository } from './customer.repository';
import { ChangeFeed } from '../sync/change-feed';

export function toCustomer(row: Omit<CustomerRow, 'tenantId'>): Customer {
  return {
    id: row.id,
    name: row.name,
    ...(row.phone !== null ? { phone: row.phone } : {}),
    ...(row.email !== null ? { email: row.email } : {}),
    ...(row.notes !== null ? { notes: row.notes } : {}),
  };
}

/** Customers, searchable by name, phone and e-mail. */
export class CustomerService {
  constructor(private readonly now: () => Date) {}

  list(
    scope: TenantScope,
    query: CustomerListQuery,
  ): Promise<{ items: Customer[]; nextCursor: string | null }> {
    const afterId = decodeIdCursor(query.cursor);
    return scope.transaction(async (tx) =>
      toPage(
        await tx.get(CustomerRepository).page({ limit: query.limit, afterId }, query.q),
        query.limit,
        toCustomer,
      ),
    );
  }

  get(scope: TenantScope, id: string): Promise<Customer> {
    return scope.transaction(async (tx) => {
      const row = await tx.get(CustomerRepository).findById(id);
      if (!row) throw new NotFoundError('customer not found');
      return toCustomer(row);
    });
  }

  async create(scope: TenantScope, body: CreateCustomerBody): Promise<Customer> {
    try {
      return await scope.transaction((tx) => this.createIn(tx, body));
    } catch (error) {
      throw constraintViolation(error) === 'unique' ? alreadyExists() : error;
    }
  }

  /** Creates a customer inside the caller's transaction (a booking naming a new customer). */
  async createIn(tx: TenantTransaction, body: CreateCustomerBody): Promise<Customer> {
    const row = {
      id: body.id ?? randomUUID(),
      name: body.name,
      phone: body.phone ?? null,
      email: body.email ?? null,
      notes: body.notes ?? null,
      createdAt: this.now(),
    };
    const customers = tx.get(CustomerRepository);
    if (body.id !== undefined && (await customers.findById(row.id))) throw alreadyExists();
    await customers.create(row);
    await ChangeFeed.recordPut(tx, 'customer', row.id);
    return toCustomer(row);
  }

  update(scope: TenantScope, id: string, body: UpdateCustomerBody): Promise<Customer> {
    return scope.transaction(async (tx) => {
      const customers = tx.get(CustomerRepository);
      if (!(await customers.findById(id))) throw new NotFoundError('customer not found');
      await customers.update(id, body);
      await ChangeFeed.recordPut(tx, 'customer', id);
      return toCustomer((await customers.findById(id))!);
    });
  }

  async remove(scope: TenantScope, id: string): Promise<void> {
    try {
      await scope.transaction(async (tx) => {
        if (!(await tx.get(CustomerRepository).delete(id))) throw new NotFoundError('customer not found');
        await ChangeFeed.recordDelete(tx, 'customer', id);
      });
    } catch (error) {
      if (constraintViolation(error) === 'foreign-key') {
        throw new InUseError('the customer has bookings; erase their personal data instead');
      }
      throw error;
    }
  }
}
