// Shared constants of the talent pool.
/** The widest group call statistics fall back to: every role family together. */
export const ALL_FAMILIES = "*";
