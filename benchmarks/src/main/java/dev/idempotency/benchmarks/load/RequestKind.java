package dev.idempotency.benchmarks.load;

/**
 * What a scenario's requests carry, and so which path through the starter they take.
 */
enum RequestKind {

	/** No {@code Idempotency-Key}: the baseline, with the starter disabled. */
	NO_KEY,

	/** A key never used before on every request: reserve, run the handler, complete. */
	NEW_KEY,

	/** Keys used before with the same payload: every request is answered from the store. */
	REPLAY

}
