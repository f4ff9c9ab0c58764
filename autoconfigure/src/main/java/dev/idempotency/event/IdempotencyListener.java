package dev.idempotency.event;

import java.time.Duration;

/**
 * Observes what the starter does. Every method has a no-op default; implement the ones
 * you need and declare the listener as a bean (the starter's Micrometer support is one).
 * Methods are called on request threads and must be quick and must not throw.
 * <p>
 * {@code endpoint} is always the route pattern with its method, such as
 * {@code POST /payments/{id}/refunds}: never the raw path, the key or the scope.
 */
public interface IdempotencyListener {

	/**
	 * A request to an {@code @Idempotent} endpoint was answered.
	 * @param endpoint the endpoint
	 * @param outcome how it was answered
	 * @param overhead time the starter itself spent on the request (the handler's own
	 * time excluded)
	 */
	default void requestHandled(String endpoint, Outcome outcome, Duration overhead) {
	}

	/**
	 * A retry took over a reservation whose lease had run out.
	 * @param endpoint the endpoint
	 */
	default void leaseTakenOver(String endpoint) {
	}

	/**
	 * A handler finished after its reservation was taken over or evicted; its outcome
	 * was not stored (its response still went to its own client).
	 * @param endpoint the endpoint
	 */
	default void staleCompletion(String endpoint) {
	}

	/**
	 * A handler's outcome was not stored and the key was released, so the next retry
	 * runs the handler again.
	 * @param endpoint the endpoint
	 * @param status the response status, or {@code 0} if the handler threw
	 */
	default void released(String endpoint, int status) {
	}

	/**
	 * A store operation finished.
	 * @param store the store ({@code redis}, {@code jdbc}, {@code in-memory},
	 * {@code tiered})
	 * @param operation the operation ({@code reserve}, {@code complete}, {@code release},
	 * {@code extend}, {@code find}, {@code evict})
	 * @param duration how long it took
	 * @param failed whether it threw
	 */
	default void storeOperation(String store, String operation, Duration duration, boolean failed) {
	}

	/**
	 * The tiered store answered from the database without Redis, because Redis failed or
	 * its breaker is open.
	 * @param operation the operation that fell back
	 */
	default void redisFallback(String operation) {
	}

	/**
	 * How a request to an {@code @Idempotent} endpoint was answered.
	 */
	enum Outcome {

		/** The handler ran (its outcome then stored or released). */
		EXECUTED("executed"),

		/** A stored response was replayed. */
		REPLAYED("replayed"),

		/** {@code 409}: the first request with the key still runs. */
		CONFLICT("conflict"),

		/** {@code 422}: the key was reused with a different request. */
		MISMATCH("mismatch"),

		/** {@code 400} or {@code 413}: missing or malformed key, or body too large. */
		REJECTED("rejected"),

		/** {@code 503}: the store could not be asked; the handler did not run. */
		STORE_UNAVAILABLE("store-unavailable"),

		/** The store could not be asked and the handler ran unprotected (fail-open). */
		FAIL_OPEN("fail-open"),

		/** No key on an endpoint where it is optional: the handler ran unprotected. */
		UNPROTECTED("unprotected");

		private final String tagValue;

		Outcome(String tagValue) {
			this.tagValue = tagValue;
		}

		/**
		 * The outcome as a metric tag value.
		 * @return the lower-case, hyphenated name
		 */
		public String tagValue() {
			return this.tagValue;
		}

	}

}
