package dev.idempotency.internal.event;

import java.util.List;

import dev.idempotency.event.IdempotencyListener;

/**
 * The application's {@link IdempotencyListener} beans, called as one. A bean of its own
 * type (not a listener) so it never collects itself.
 */
public final class IdempotencyEvents {

	private final IdempotencyListener listener;

	public IdempotencyEvents(List<IdempotencyListener> listeners) {
		this.listener = new CompositeIdempotencyListener(listeners);
	}

	/**
	 * The listeners as one.
	 * @return a listener that calls every listener
	 */
	public IdempotencyListener listener() {
		return this.listener;
	}

}
