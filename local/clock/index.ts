// The local stack's one clock: journey time for the whole process (see virtual-clock.ts).
export { VirtualClock, ClockBackwardsError } from "./virtual-clock.js";
export type { ClockState, JourneyClock, VirtualClockOptions, Cancel } from "./virtual-clock.js";
export { installVirtualDate, isVirtualDateInstalled, wallNow } from "./virtual-date.js";
export { parseDuration, addDuration } from "./duration.js";
export { CLOCK_PATH, ClockCommandSchema, ClockStateSchema, applyClockCommand, handleClockRequest } from "./clock-api.js";
