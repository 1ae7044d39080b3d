/**
 * Every entity schema of the server, per dialect. A feature adding tables adds its
 * `<feature>Entities(dialect)` factory here (see ../../README.md, "How to add a table").
 */
import type { EntitySchema } from 'typeorm';
import { frontDeskEntities } from './front-desk.entities';
import { platformEntities } from './platform.entities';
import type { Dialect } from './platform.entities';

export function allEntities(dialect: Dialect): EntitySchema[] {
  return [...platformEntities(dialect), ...frontDeskEntities(dialect)];
}
