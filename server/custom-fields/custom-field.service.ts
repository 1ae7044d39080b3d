import { randomUUID } from 'node:crypto';
import type { CustomField } from '../../core/domain/schemas';
import type { CreateCustomFieldBody, PageQuery, UpdateCustomFieldBody } from '../../core/domain/requests';
import type { CustomFieldRow } from '../db/entities/front-desk.entities';
import type { TenantScope } from '../db/tenant-scope';
import { ConflictError, NotFoundError } from '../errors';
import type { FieldError } from '../errors';
import { constraintViolation } from '../db/sql-repository';
import { alreadyExists, decodeIdCursor, throwIfInvalid, toPage } from '../front-desk/front-desk.errors';
import { CustomFieldRepository } from './custom-field.repository';
import { ChangeFeed } from '../sync/change-feed';

export function toCustomField(row: Omit<CustomFieldRow, 'tenantId'>): CustomField {
  return {
    id: row.id,
    key: row.key,
    label: row.label,
    type: row.type,
    required: Boolean(row.required),
    ...(row.options !== null ? { options: row.options } : {}),
  };
}

/** `select` fields need options; other types take none. */
function optionErrors(type: CustomFieldRow['type'], options: string[] | null | undefined): FieldError[] {
  if (type === 'select' && !options?.length)
    return [{ path: 'body.options', message: 'a select field needs options' }];
  if (type !== 'select' && options?.length)
    return [{ path: 'body.options', message: `a ${type} field takes no options` }];
  if (options && new Set(options).size !== options.length)
    return [{ path: 'body.options', message: 'options repeat' }];
  return [];
}

/** Custom booking fields defined by the business (text, number, select, checkbox). */
export class CustomFieldService {
  constructor(private readonly now: () => Date) {}

  list(scope: TenantScope, query: PageQuery): Promise<{ items: CustomField[]; nextCursor: string | null }> {
    const afterId = decodeIdCursor(query.cursor);
    return scope.transaction(async (tx) =>
      toPage(
        await tx.get(CustomFieldRepository).page({ limit: query.limit, afterId }),
        query.limit,
        toCustomField,
      ),
    );
  }

  get(scope: TenantScope, id: string): Promise<CustomField> {
    return scope.transaction(async (tx) => {
      const row = await tx.get(CustomFieldRepository).findById(id);
      if (!row) throw new NotFoundError('custom field not found');
      return toCustomField(row);
    });
  }

  async create(scope: TenantScope, body: CreateCustomFieldBody): Promise<CustomField> {
    throwIfInvalid(optionErrors(body.type, body.options));
    const row = {
      id: body.id ?? randomUUID(),
      key: body.key,
      label: body.label,
      type: body.type,
      required: body.required,
      options: body.options ?? null,
      createdAt: this.now(),
    };
    try {
      await scope.transaction(async (tx) => {
        const fields = tx.get(CustomFieldRepository);
        if (await fields.findById(row.id)) throw alreadyExists();
        if (await fields.findByKey(row.key)) throw keyTaken();
        await fields.create(row);
        await ChangeFeed.recordPut(tx, 'customField', row.id);
      });
    } catch (error) {
      throw constraintViolation(error) === 'unique' ? alreadyExists() : error;
    }
    return toCustomField(row);
  }

  update(scope: TenantScope, id: string, body: UpdateCustomFieldBody): Promise<CustomField> {
    return scope.transaction(async (tx) => {
      const fields = tx.get(CustomFieldRepository);
      const current = await fields.findById(id);
      if (!current) throw new NotFoundError('custom field not found');
      if (body.options !== undefined) throwIfInvalid(optionErrors(current.type, body.options));
      await fields.update(id, body);
      await ChangeFeed.recordPut(tx, 'customField', id);
      return toCustomField((await fields.findById(id))!);
    });
  }

  remove(scope: TenantScope, id: string): Promise<void> {
    return scope.transaction(async (tx) => {
      if (!(await tx.get(CustomFieldRepository).delete(id)))
        throw new NotFoundError('custom field not found');
      await ChangeFeed.recordDelete(tx, 'customField', id);
    });
  }
}

function keyTaken(): ConflictError {
  return new ConflictError('already-exists', 'a custom field with this key already exists');
}
