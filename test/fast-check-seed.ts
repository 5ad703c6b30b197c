/**
 * Makes every property test reproducible: fast-check runs from one seed, FAST_CHECK_SEED when set
 * (to explore, or to replay a counterexample a run printed), otherwise a fixed default, so CI on
 * a clean clone sees exactly the cases a developer saw.
 */
import fc from 'fast-check';

const seed = Number(process.env.FAST_CHECK_SEED ?? 20_261_121);
if (!Number.isSafeInteger(seed)) throw new Error(`FAST_CHECK_SEED must be an integer, got ${process.env.FAST_CHECK_SEED}`);
fc.configureGlobal({ seed });
