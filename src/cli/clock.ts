/** Where commands read the time: the machine's clock in use, a fixed instant in tests. */
export type Clock = () => Date;

/** The machine's clock. */
export const systemClock: Clock = () => new Date();
