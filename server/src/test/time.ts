// The clock and the durations of core/time, for tests outside the server (client, web) too.
export { DAY, HOUR, ManualClock, MINUTE, SECOND, type Clock } from '../core/time.js';
