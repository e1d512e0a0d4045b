import { v7 as uuidv7 } from 'uuid';

/**
 * Entity ids are UUIDv7: time-ordered, so ordering by id is ordering by creation time and a
 * list cursor is simply the last id seen.
 */
export function newId(): string {
  return uuidv7();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
