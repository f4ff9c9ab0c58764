package dev.idempotency.internal.event;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import dev.idempotency.event.IdempotencyListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Calls every listener; one that throws is logged and does not affect the request or
 * the other listeners.
 */
public final class CompositeIdempotencyListener implements IdempotencyListener {

	private static final Log logger = LogFactory.getLog(CompositeIdempotencyListener.class);

	private final IdempotencyListener[] listeners;

	public CompositeIdempotencyListener(List<IdempotencyListener> listeners) {
		this.listeners = listeners.toArray(new IdempotencyListener[0]);
	}

	@Override
	public void requestHandled(String endpoint, Outcome outcome, Duration overhead) {
		each((listener) -> listener.requestHandled(endpoint, outcome, overhead));
	}

	@Override
	public void leaseTakenOver(String endpoint) {
		each((listener) -> listener.leaseTakenOver(endpoint));
	}

	@Override
	public void staleCompletion(String endpoint) {
		each((listener) -> listener.staleCompletion(endpoint));
	}

	@Override
	public void released(String endpoint, int status) {
		each((listener) -> listener.released(endpoint, status));
	}

	@Override
	public void storeOperation(String store, String operation, Duration duration, boolean failed) {
		each((listener) -> listener.storeOperation(store, operation, duration, failed));
	}

	@Override
	public void redisFallback(String operation) {
		each((listener) -> listener.redisFallback(operation));
	}

	private void each(Consumer<IdempotencyListener> call) {
		for (IdempotencyListener listener : this.listeners) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("IdempotencyListener " + listener.getClass().getName() + " failed", ex);
			}
		}
	}

}
