/**
 * A table with one entry for every key of `T`, each giving its part of a `Whole`: a key added to
 * `T` without its entry fails to compile, and an entry whose part names nothing of `Whole` too.
 */
export type KeyTable<T, Whole, Args extends unknown[]> = {
  readonly [K in keyof T]-?: (...args: Args) => Partial<Whole>;
};

type Intersection<U> = (U extends unknown ? (part: U) => void : never) extends (part: infer I) => void ? I : never;

/** What a table's entries give together: the type of `assemble(table, …)`. */
export type Assembled<Table> = Intersection<
  { [K in keyof Table]: Table[K] extends (...args: never[]) => infer Part ? Part : never }[keyof Table]
>;

/**
 * Every entry's part, together, in the table's order. Typed from the entries themselves, so the
 * caller's own return type checks that the parts make a whole.
 */
export function assemble<Args extends unknown[], Table extends Record<string, (...args: Args) => object>>(
  table: Table,
  ...args: Args
): Assembled<Table> {
  // A loop, not Object.assign({}, ...parts): the same keys in the same order, without the array.
  const whole = {};
  for (const part of Object.values(table)) Object.assign(whole, part(...args));
  return whole as Assembled<Table>;
}

/** `{ [key]: value }` when there is a value, else nothing: what a file leaves out stays out. */
export function given<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** An entry that gives nothing of its own: its key is read with another's, or not needed here. */
export const nothing = () => ({});
