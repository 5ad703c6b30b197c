/**
 * The customers service. A customer is one person per tenant: the identity number is validated
 * (id-number.ts), stored only as its keyed hash and a masked form, and unique per tenant and type, so
 * registering the same person again answers `customer_exists` with the existing customer's id.
 * Creating is idempotent by the customer id (client-supplied or issued): the same request again
 * answers the same customer. Rows are never changed. Concurrent registrations are coalesced into
 * one insert (kernel/coalesce.ts), each answered as if it came alone. A phone number changes by a new
 * version (`lending_customer_phones`, append-only); a customer is read with its latest phone, while
 * a registration's replay is still compared with the phone it was registered with.
 */
import type { Database, Row } from '../../db/database.ts';
import { selectByIds } from '../../db/select-by-ids.ts';
import { assert } from '../../kernel/assert.ts';
import { coalesceByTenant } from '../../kernel/coalesce.ts';
import type { Clock, Instant } from '../../kernel/instant.ts';
import { businessDateOf } from '../../kernel/instant.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import { limits } from '../../kernel/limits.ts';
import { parseLocalDate, type LocalDate } from '../../kernel/local-date.ts';
import { err, ok, type Err, type Result } from '../../kernel/result.ts';
import { pageLimit, toPage, type Page, type PageRequest } from '../../kernel/paging.ts';
import type { Saved } from '../products/products.ts';
import { maskKeepingEnds, parseIdNumber, type IdType } from './id-number.ts';
import type { PiiHasher } from './pii.ts';

/**
 * - `id_number_invalid`: malformed, or a PRC resident ID whose check digit or birth date is wrong;
 * - `phone_invalid`: not 6–15 digits with an optional leading +;
 * - `birth_date_invalid`: not a calendar date, or in the future;
 * - `birth_date_mismatch`: differs from the birth date the identity number encodes;
 * - `customer_exists`: another customer holds the identity number (`existingId` names it);
 * - `id_reused`: the customer id names another customer.
 */
export type CustomerResultCode = 'id_number_invalid' | 'phone_invalid' | 'birth_date_invalid' | 'birth_date_mismatch' | 'customer_exists' | 'id_reused';

export type CustomerExists = Err<'customer_exists'> & { readonly existingId: string };

export interface CustomerInput {
  readonly id?: string;
  readonly idType: IdType;
  readonly idNumber: string;
  readonly name?: string;
  readonly phone: string;
  readonly birthOn: string;
}

export interface Customer {
  readonly id: string;
  readonly idType: IdType;
  readonly idNumberMasked: string;
  /** The identity number's keyed hash: what risk matches people on; the number itself is never kept. */
  readonly idNumberHash: string;
  readonly name: string | null;
  readonly phone: string;
  readonly phoneMasked: string;
  readonly birthOn: LocalDate;
  readonly createdAt: Instant;
}

export interface Customers {
  create(tenantId: string, input: CustomerInput): Promise<Result<Saved<Customer>, Exclude<CustomerResultCode, 'customer_exists'>> | CustomerExists>;
  get(tenantId: string, id: string): Promise<Customer | null>;
  /** The customers with these ids, by id (unknown ids are absent). */
  getMany(tenantId: string, ids: readonly string[]): Promise<Map<string, Customer>>;
  list(tenantId: string, page: PageRequest): Promise<Page<Customer>>;
  /** Makes `phone` the customer's number from now on; the same number again changes nothing. */
  changePhone(tenantId: string, id: string, phone: string): Promise<Result<Saved<Customer>, 'customer_not_found' | 'phone_invalid'>>;
}

interface CustomerRow {
  id: string;
  id_type: string;
  id_number_hash: string;
  id_number_masked: string;
  name: string | null;
  phone: string;
  birth_on: string;
  created_at: string;
}

/** The columns of a registered row that `CustomerRow` holds (its phone the one it was registered with). */
const CUSTOMER_COLUMNS = 'id, id_type, id_number_hash, id_number_masked, name, phone, birth_on, created_at';

function customerFromRow(r: CustomerRow): Customer {
  return {
    id: r.id,
    idType: r.id_type as IdType,
    idNumberMasked: r.id_number_masked,
    idNumberHash: r.id_number_hash,
    name: r.name,
    phone: r.phone,
    phoneMasked: maskKeepingEnds(r.phone),
    birthOn: r.birth_on as LocalDate,
    createdAt: r.created_at as Instant,
  };
}

/** Customers as they stand: the registered row with its latest phone. */
const SELECT_CURRENT = `SELECT c.id, c.id_type, c.id_number_hash, c.id_number_masked, c.name, coalesce(p.phone, c.phone) AS phone, c.birth_on, c.created_at
  FROM lending_customers c
  LEFT JOIN LATERAL (
    SELECT phone FROM lending_customer_phones p WHERE p.tenant_id = c.tenant_id AND p.customer_id = c.id ORDER BY version DESC LIMIT 1
  ) p ON true`;
const SELECT_CUSTOMERS = `${SELECT_CURRENT} WHERE c.tenant_id = $1 AND c.id = ANY($2::text[])`;

const PHONE_PATTERN = /^\+?\d{6,15}$/;

/** A phone number without its spaces and dashes: 6–15 digits with an optional leading +. */
function parsePhone(text: string): Result<string, 'phone_invalid'> {
  const phone = text.replace(/[\s-]/g, '');
  return PHONE_PATTERN.test(phone) ? ok(phone) : err('phone_invalid', 'a phone number is 6–15 digits with an optional leading +', 'phone');
}

export function createCustomers(deps: { db: Database; clock: Clock; ids: IdGenerator; pii: PiiHasher; timeZone?: string }): Customers {
  const { db, clock, ids, pii } = deps;
  const timeZone = deps.timeZone ?? 'Asia/Shanghai';

  type CreateResult = Awaited<ReturnType<Customers['create']>>;
  type NewRow = Omit<CustomerRow, 'created_at'>;

  /** The row a valid input makes, or why the input is refused. */
  const rowOf = (input: CustomerInput): NewRow | Err<CustomerResultCode> => {
    const idNumber = parseIdNumber(input.idType, input.idNumber);
    if (!idNumber.ok) return idNumber;
    const phone = parsePhone(input.phone);
    if (!phone.ok) return phone;
    const birthOn = parseLocalDate(input.birthOn);
    if (!birthOn.ok || birthOn.value > businessDateOf(clock.now(), timeZone)) return err('birth_date_invalid', 'birthOn is a past calendar date YYYY-MM-DD', 'birthOn');
    if (idNumber.value.birthOn !== null && idNumber.value.birthOn !== birthOn.value) {
      return err('birth_date_mismatch', 'birthOn differs from the birth date in the identity number', 'birthOn');
    }
    return {
      id: input.id ?? ids.next('cust'), id_type: input.idType, id_number_hash: pii.hashIdNumber(idNumber.value),
      id_number_masked: maskKeepingEnds(idNumber.value.number), name: input.name ?? null, phone: phone.value, birth_on: birthOn.value,
    };
  };

  /** A row that was not inserted: the same customer again, its id taken by another, or the person registered under another id. */
  const conflictOf = async (tenantId: string, row: NewRow): Promise<CreateResult> => {
    const [byId] = await db.query<CustomerRow & Row>(`SELECT ${CUSTOMER_COLUMNS} FROM lending_customers WHERE tenant_id = $1 AND id = $2`, [tenantId, row.id]);
    if (byId) {
      const same = byId.id_type === row.id_type && byId.id_number_hash === row.id_number_hash && byId.name === row.name && byId.phone === row.phone && byId.birth_on === row.birth_on;
      return same ? ok({ value: customerFromRow(byId), created: false }) : err('id_reused', `customer ${row.id} exists with other details`, 'id');
    }
    const [byHash] = await db.query<{ id: string }>('SELECT id FROM lending_customers WHERE tenant_id = $1 AND id_type = $2 AND id_number_hash = $3', [tenantId, row.id_type, row.id_number_hash]);
    assert(byHash !== undefined, 'a customer insert conflicted on neither key');
    return { ...err('customer_exists', `customer ${byHash.id} already holds this identity number`, 'idNumber'), existingId: byHash.id };
  };

  /**
   * Creates many customers with one insert; each input is answered as if it came alone. A row not
   * inserted (an id or identity number already held, or taken by an earlier input of the same batch)
   * is answered by `conflictOf`, after the insert.
   */
  const createMany = async (tenantId: string, inputs: readonly CustomerInput[]): Promise<CreateResult[]> => {
    const rows = inputs.map(rowOf);
    const valid = rows.filter((r): r is NewRow => !('ok' in r));
    const inserted = valid.length === 0 ? [] : await db.query<CustomerRow & Row>(
      `INSERT INTO lending_customers (tenant_id, id, id_type, id_number_hash, id_number_masked, name, phone, birth_on, created_at)
       SELECT $1, c.id, c.id_type, c.id_number_hash, c.id_number_masked, c.name, c.phone, c.birth_on, $2
       FROM jsonb_to_recordset($3::jsonb) AS c(id text, id_type text, id_number_hash text, id_number_masked text, name text, phone text, birth_on date)
       ON CONFLICT DO NOTHING RETURNING ${CUSTOMER_COLUMNS}`,
      [tenantId, clock.now(), JSON.stringify(valid)],
    );
    // The row inserted under an id is the first valid input's that names it.
    const insertedById = new Map(inserted.map((r) => [r.id, r]));
    const results: CreateResult[] = [];
    for (const row of rows) {
      if ('ok' in row) {
        results.push(row as CreateResult);
        continue;
      }
      const made = insertedById.get(row.id);
      insertedById.delete(row.id);
      results.push(made ? ok({ value: customerFromRow(made), created: true }) : await conflictOf(tenantId, row));
    }
    return results;
  };

  return {
    // Concurrent registrations coalesced into one insert.
    create: coalesceByTenant(createMany, limits.customerBatchMax),

    // Concurrent reads of one customer each coalesced into one statement.
    get: coalesceByTenant(selectByIds(db, SELECT_CUSTOMERS, (r) => customerFromRow(r as CustomerRow & Row)), limits.pageSizeMax),

    async getMany(tenantId, ids) {
      const rows = await db.query<CustomerRow & Row>(SELECT_CUSTOMERS, [tenantId, ids]);
      return new Map(rows.map((r) => [r.id, customerFromRow(r)]));
    },

    async list(tenantId, page) {
      const limit = pageLimit(page);
      const rows = await db.query<CustomerRow & Row>(`${SELECT_CURRENT} WHERE c.tenant_id = $1 AND c.id > $2 ORDER BY c.id LIMIT $3`, [tenantId, page.cursor ?? '', limit + 1]);
      return toPage(rows, limit, (r) => r.id, customerFromRow);
    },

    async changePhone(tenantId, id, text) {
      const phone = parsePhone(text);
      if (!phone.ok) return phone;
      // The customer's row locked: concurrent changes of one customer take their versions in turn.
      return db.transaction(async (tx) => {
        const [locked] = await tx.query('SELECT id FROM lending_customers WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [tenantId, id]);
        if (!locked) return err('customer_not_found', `no customer ${id}`, 'id');
        const [current] = await tx.query<CustomerRow & Row>(`${SELECT_CURRENT} WHERE c.tenant_id = $1 AND c.id = $2`, [tenantId, id]);
        assert(current !== undefined, 'a locked customer reads back');
        if (current.phone === phone.value) return ok({ value: customerFromRow(current), created: false });
        await tx.query(
          `INSERT INTO lending_customer_phones (tenant_id, customer_id, version, phone, created_at)
           SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4 FROM lending_customer_phones WHERE tenant_id = $1 AND customer_id = $2`,
          [tenantId, id, phone.value, clock.now()],
        );
        return ok({ value: customerFromRow({ ...current, phone: phone.value }), created: true });
      });
    },
  };
}
