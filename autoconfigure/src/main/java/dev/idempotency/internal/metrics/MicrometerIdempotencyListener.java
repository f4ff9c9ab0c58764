package dev.idempotency.internal.metrics;

import java.time.Duration;

import dev.idempotency.event.IdempotencyListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records what the starter does as Micrometer meters. Tags have bounded values: the
 * endpoint is the method and route pattern ({@code POST /payments/{id}/refunds}), never
 * the raw path, the key or the scope.
 * <table>
 * <caption>Meters</caption>
 * <tr><th>Name</th><th>Type</th><th>Tags</th><th>What</th></tr>
 * <tr><td>{@code idempotency.requests}</td><td>counter</td><td>{@code endpoint},
 * {@code outcome}</td><td>requests to {@code @Idempotent} endpoints by outcome:
 * {@code executed}, {@code replayed}, {@code conflict} (409), {@code mismatch} (422),
 * {@code rejected} (400/413), {@code store-unavailable} (503), {@code fail-open},
 * {@code unprotected} (no key where it is optional)</td></tr>
 * <tr><td>{@code idempotency.overhead}</td><td>timer</td><td>{@code endpoint},
 * {@code outcome}</td><td>time the starter itself spent on a request, the handler's own
 * time excluded</td></tr>
 * <tr><td>{@code idempotency.releases}</td><td>counter</td><td>{@code endpoint},
 * {@code status}</td><td>outcomes not stored, so the next retry runs again; status is the
 * response status class ({@code 5xx}) or {@code exception}</td></tr>
 * <tr><td>{@code idempotency.lease.takeovers}</td><td>counter</td><td>{@code endpoint}</td>
 * <td>retries that took over a reservation whose lease ran out (a crashed or stalled
 * first request)</td></tr>
 * <tr><td>{@code idempotency.completions.stale}</td><td>counter</td><td>{@code endpoint}</td>
 * <td>handlers that finished after their reservation was taken over or evicted; their
 * outcome was not stored</td></tr>
 * <tr><td>{@code idempotency.store.operations}</td><td>timer</td><td>{@code store},
 * {@code operation}, {@code result}</td><td>each store call: store {@code in-memory},
 * {@code jdbc}, {@code redis} or {@code tiered}; operation {@code reserve},
 * {@code complete}, {@code release}, {@code extend}, {@code find}, {@code evict}; result
 * {@code success} or {@code failure}</td></tr>
 * <tr><td>{@code idempotency.redis.fallbacks}</td><td>counter</td><td>{@code operation}</td>
 * <td>tiered-store operations answered from the database alone because Redis failed or
 * its breaker was open</td></tr>
 * </table>
 */
public final class MicrometerIdempotencyListener implements IdempotencyListener {

	private final MeterRegistry registry;

	public MicrometerIdempotencyListener(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void requestHandled(String endpoint, Outcome outcome, Duration overhead) {
		Counter.builder("idempotency.requests")
			.description("Requests to @Idempotent endpoints, by outcome")
			.tag("endpoint", endpoint)
			.tag("outcome", outcome.tagValue())
			.register(this.registry)
			.increment();
		Timer.builder("idempotency.overhead")
			.description("Time the idempotency starter spent on a request, excluding the handler")
			.tag("endpoint", endpoint)
			.tag("outcome", outcome.tagValue())
			.register(this.registry)
			.record(overhead);
	}

	@Override
	public void released(String endpoint, int status) {
		Counter.builder("idempotency.releases")
			.description("Outcomes not stored, so that the next retry runs the handler again")
			.tag("endpoint", endpoint)
			.tag("status", (status == 0) ? "exception" : (status / 100) + "xx")
			.register(this.registry)
			.increment();
	}

	@Override
	public void leaseTakenOver(String endpoint) {
		Counter.builder("idempotency.lease.takeovers")
			.description("Retries that took over a reservation whose lease had run out")
			.tag("endpoint", endpoint)
			.register(this.registry)
			.increment();
	}

	@Override
	public void staleCompletion(String endpoint) {
		Counter.builder("idempotency.completions.stale")
			.description("Handlers that finished after losing their reservation; their outcome was not stored")
			.tag("endpoint", endpoint)
			.register(this.registry)
			.increment();
	}

	@Override
	public void storeOperation(String store, String operation, Duration duration, boolean failed) {
		Timer.builder("idempotency.store.operations")
			.description("Idempotency store operations")
			.tag("store", store)
			.tag("operation", operation)
			.tag("result", failed ? "failure" : "success")
			.register(this.registry)
			.record(duration);
	}

	@Override
	public void redisFallback(String operation) {
		Counter.builder("idempotency.redis.fallbacks")
			.description("Tiered-store operations answered from the database alone, without Redis")
			.tag("operation", operation)
			.register(this.registry)
			.increment();
	}

}
