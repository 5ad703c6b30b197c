/**
 * The identifiers risk keys on (ID number, phone, device, IP, bank card, address) and their one
 * normal form. Lists, velocity and the identity graph all compare normalised values, so a phone
 * written `+86 138-0013-8000` and `13800138000` is the same phone everywhere.
 * Invariant: `normaliseIdentifier` is idempotent and returns '' for a value that carries nothing.
 */

export const IDENTIFIER_TYPES = ['idNumber', 'phone', 'deviceId', 'ip', 'bankCard', 'address'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** The index of each type, used to seed fingerprints and to size per-type arrays. */
export const IDENTIFIER_TYPE_INDEX: Readonly<Record<IdentifierType, number>> = {
  idNumber: 0,
  phone: 1,
  deviceId: 2,
  ip: 3,
  bankCard: 4,
  address: 5,
};

export function isIdentifierType(value: unknown): value is IdentifierType {
  return typeof value === 'string' && (IDENTIFIER_TYPES as readonly string[]).includes(value);
}

/** How a deployment writes an identifier for comparison: `normaliseIdentifier`, ID numbers keyed or not. */
export type IdentifierNormaliser = (type: IdentifierType, raw: string) => string;

const KEYED_ID_NUMBER = /^[0-9A-F]{64}$/;

/**
 * Risk compares ID numbers by the keyed digest lending stores for each customer (customers/pii.ts),
 * since origination has nothing else to send: an ID number written out in full (a list entry, a direct
 * decision request) is keyed by `keyIdNumber` on the way in; a digest passes through unchanged.
 */
export function keyingIdNumbers(keyIdNumber: (normalisedIdNumber: string) => string): IdentifierNormaliser {
  return (type, raw) => {
    const value = normaliseIdentifier(type, raw);
    if (type !== 'idNumber' || value === '' || KEYED_ID_NUMBER.test(value)) return value;
    return normaliseIdentifier('idNumber', keyIdNumber(value));
  };
}

const CHINA_COUNTRY_CODE = /^(?:00)?86(1\d{10})$/;

export function normaliseIdentifier(type: IdentifierType, raw: string): string {
  switch (type) {
    case 'idNumber':
      return raw.replace(/\s+/g, '').toUpperCase();
    case 'phone': {
      const digits = raw.replace(/\D+/g, '');
      return digits.replace(CHINA_COUNTRY_CODE, '$1');
    }
    case 'bankCard':
      return raw.replace(/\D+/g, '');
    case 'deviceId':
    case 'ip':
      return raw.trim().toLowerCase();
    case 'address':
      return raw.trim().toLowerCase().replace(/\s+/g, ' ');
  }
}
