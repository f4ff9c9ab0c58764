package dev.idempotency.internal.health;

import dev.idempotency.internal.store.tiered.TieredIdempotencyStore;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.StoreUnavailableException;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the idempotency store: up when the store answers a lookup, down when it
 * cannot be asked (requests then get 503, or run unprotected in fail-open mode). For the
 * tiered store the details also say whether Redis is in use or skipped by its breaker;
 * the store stays up while Redis is skipped, because the database alone keeps every
 * guarantee.
 */
public final class IdempotencyHealthIndicator extends AbstractHealthIndicator {

	private static final RecordKey PROBE = new RecordKey("idempotency-health", "probe");

	private final IdempotencyStore store;

	private final String storeName;

	public IdempotencyHealthIndicator(IdempotencyStore store, String storeName) {
		super("Idempotency store health check failed");
		this.store = store;
		this.storeName = storeName;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("store", this.storeName);
		if (this.store instanceof TieredIdempotencyStore tiered) {
			builder.withDetail("redis", tiered.isRedisInUse() ? "in-use" : "skipped");
		}
		try {
			this.store.find(PROBE);
			builder.up();
		}
		catch (StoreUnavailableException ex) {
			builder.down().withDetail("error", ex.getMessage());
		}
	}

}
