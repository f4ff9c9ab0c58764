package dev.idempotency.internal.web;

import dev.idempotency.event.IdempotencyListener.Outcome;

/**
 * Brackets the starter's work on one request, so tracing can show it as a span with
 * the handler inside. Kept apart from the filter so the filter does not need
 * Micrometer on the classpath.
 */
public interface RequestObserver {

	/** Observes nothing. */
	RequestObserver NONE = (endpoint) -> Observed.NONE;

	/**
	 * Start observing a request.
	 * @param endpoint the endpoint, such as {@code POST /payments}
	 * @return the running observation
	 */
	Observed start(String endpoint);

	/**
	 * A running observation.
	 */
	interface Observed {

		/** Does nothing. */
		Observed NONE = new Observed() {
		};

		/**
		 * Make this observation the current one on this thread, so that work done while
		 * it is open (the handler) is recorded inside it.
		 * @return closes the scope
		 */
		default Scope openScope() {
			return () -> {
			};
		}

		/**
		 * Record an error that escaped the handler.
		 * @param error the error
		 */
		default void error(Throwable error) {
		}

		/**
		 * Stop observing.
		 * @param outcome how the request was answered
		 */
		default void stop(Outcome outcome) {
		}

	}

	/**
	 * An open observation scope.
	 */
	@FunctionalInterface
	interface Scope {

		/**
		 * Close the scope on the thread that opened it.
		 */
		void close();

	}

}
