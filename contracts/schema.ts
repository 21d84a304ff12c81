/**
 * A tiny runtime schema for the message channels. Each channel declares its
 * messages once as schemas; the TypeScript types are inferred from them, so the
 * type a sender compiles against and the check a receiver runs cannot drift apart.
 *
 * Deliberately small (no dependency): the plugin sandbox bundle must stay light
 * and every message is a plain structured-clone object.
 */

export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path || 'message'}: ${message}`);
  }
}

export interface Schema<T> {
  readonly describe: string;
  /** Returns the value typed, or throws ProtocolError naming the bad field. */
  parse(value: unknown, path?: string): T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

const schema = <T>(describe: string, parse: (value: unknown, path: string) => T): Schema<T> => ({
  describe,
  parse: (value, path = '') => parse(value, path),
});

const fail = (path: string, expected: string, value: unknown): never => {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? String(value) : typeof value;
  throw new ProtocolError(path, `expected ${expected}, got ${got}`);
};

export const string = schema('string', (v, p) => (typeof v === 'string' ? v : fail(p, 'string', v)));

/** Finite numbers only: NaN and ±Infinity never cross a channel. */
export const number = schema('number', (v, p) => (typeof v === 'number' && Number.isFinite(v) ? v : fail(p, 'finite number', v)));

export const integer = schema('integer', (v, p) => (typeof v === 'number' && Number.isInteger(v) ? v : fail(p, 'integer', v)));

export const boolean = schema('boolean', (v, p) => (typeof v === 'boolean' ? v : fail(p, 'boolean', v)));

export const bytes = schema('Uint8Array', (v, p) => (v instanceof Uint8Array ? v : fail(p, 'Uint8Array', v)));

export const float32s = schema('Float32Array', (v, p) => (v instanceof Float32Array ? v : fail(p, 'Float32Array', v)));

export const clampedBytes = schema('Uint8ClampedArray', (v, p) => (v instanceof Uint8ClampedArray ? v : fail(p, 'Uint8ClampedArray', v)));

/** A field that may be absent (undefined); present values must match `inner`. */
export const optional = <T>(inner: Schema<T>): Schema<T | undefined> =>
  schema(`${inner.describe}?`, (v, p) => (v === undefined ? undefined : inner.parse(v, p)));

export const literal = <const L extends string | number | boolean>(expected: L): Schema<L> =>
  schema(JSON.stringify(expected), (v, p) => (v === expected ? expected : fail(p, JSON.stringify(expected), v)));

export const oneOfLiterals = <const L extends readonly string[]>(values: L): Schema<L[number]> =>
  schema(values.join('|'), (v, p) => (typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as L[number]) : fail(p, values.join(' | '), v)));

export const array = <T>(item: Schema<T>, maxLength = Number.MAX_SAFE_INTEGER): Schema<T[]> =>
  schema(`${item.describe}[]`, (v, p) => {
    if (!Array.isArray(v)) return fail(p, 'array', v);
    if (v.length > maxLength) throw new ProtocolError(p, `at most ${maxLength} items, got ${v.length}`);
    return v.map((x, i) => item.parse(x, `${p}[${i}]`));
  });

export const tuple = <const S extends readonly Schema<unknown>[]>(items: S): Schema<{ -readonly [K in keyof S]: Infer<S[K]> }> =>
  schema(`[${items.map((s) => s.describe).join(', ')}]`, (v, p) => {
    if (!Array.isArray(v) || v.length !== items.length) return fail(p, `tuple of ${items.length}`, v);
    return items.map((s, i) => s.parse(v[i], `${p}[${i}]`)) as { -readonly [K in keyof S]: Infer<S[K]> };
  });

export const nullable = <T>(inner: Schema<T>): Schema<T | null> => schema(`${inner.describe}|null`, (v, p) => (v === null ? null : inner.parse(v, p)));

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends Infer<S[K]> ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** Fields whose schema admits undefined (`optional`) are optional keys. */
export type InferShape<S extends Shape> = Simplify<{ [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }>;

/** An object with exactly these keys: unknown keys are an error, not silently dropped. */
export const object = <S extends Shape>(shape: S): Schema<InferShape<S>> =>
  schema('object', (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(p, 'object', v);
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!(key in shape)) throw new ProtocolError(p, `unexpected field "${key}"`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, s] of Object.entries(shape)) {
      const value = s.parse(record[key], p ? `${p}.${key}` : key);
      if (value !== undefined) out[key] = value;
    }
    return out as InferShape<S>;
  });

/**
 * A discriminated union on `type`. An unknown `type` is a loud error: a message
 * nobody handles is a bug on one side of the channel, never something to ignore.
 */
export const union = <const M extends Record<string, Schema<unknown>>>(
  channel: string,
  members: M,
  key = 'type',
): Schema<{ [K in keyof M]: Infer<M[K]> }[keyof M]> =>
  schema(channel, (v, p) => {
    if (typeof v !== 'object' || v === null) return fail(p, `${channel} message object`, v);
    const type = (v as Record<string, unknown>)[key];
    if (typeof type !== 'string') throw new ProtocolError(p, `${channel} message without a string "${key}"`);
    const member = Object.prototype.hasOwnProperty.call(members, type) ? members[type] : undefined;
    if (!member) throw new ProtocolError(p, `unknown ${channel} message type "${type}"`);
    return member.parse(v, p ? `${p}<${type}>` : type) as { [K in keyof M]: Infer<M[K]> }[keyof M];
  });
