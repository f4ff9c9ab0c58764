package dev.idempotency.internal.actuate;

import java.time.Instant;

import dev.idempotency.internal.web.Scopes;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.StoredResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code idempotency} actuator endpoint: look up one record by scope and key, or
 * evict it (the next request with the key then runs the handler). The stored body is
 * never shown. Like every actuator endpoint it is reachable over HTTP only once exposed
 * ({@code management.endpoints.web.exposure.include=idempotency}).
 * <p>
 * {@code GET /actuator/idempotency?scope=principal:alice&key=abc} and
 * {@code DELETE /actuator/idempotency?scope=principal:alice&key=abc}.
 */
@Endpoint(id = "idempotency")
public class IdempotencyEndpoint {

	private final IdempotencyStore store;

	public IdempotencyEndpoint(IdempotencyStore store) {
		this.store = store;
	}

	/**
	 * Describe one record.
	 * @param scope the scope, as the default resolver writes it ({@code principal:alice},
	 * {@code client:acme} or {@code global})
	 * @param key the key, unquoted
	 * @return the record without its body, or {@code null} (404) if there is none
	 */
	@ReadOperation
	public RecordDescriptor record(String scope, String key) {
		return this.store.find(recordKey(scope, key)).map(RecordDescriptor::of).orElse(null);
	}

	/**
	 * Remove one record, whatever its state.
	 * @param scope the scope
	 * @param key the key
	 * @return whether a record was removed
	 */
	@DeleteOperation
	public EvictionDescriptor evict(String scope, String key) {
		return new EvictionDescriptor(this.store.evict(recordKey(scope, key)));
	}

	private static RecordKey recordKey(String scope, String key) {
		return new RecordKey(Scopes.normalize(scope), key);
	}

	/**
	 * A record as the endpoint shows it.
	 *
	 * @param scope the scope
	 * @param key the key
	 * @param status {@code IN_FLIGHT} or {@code COMPLETED}
	 * @param endpoint the endpoint of the first request
	 * @param fingerprint the fingerprint of the first request
	 * @param fingerprintAlgorithm its algorithm
	 * @param createdAt when the record was reserved
	 * @param leaseExpiresAt when the lease runs out, while in flight
	 * @param completedAt when the outcome was stored
	 * @param expiresAt when the record stops counting
	 * @param attempts how many times the handler was started
	 * @param replays how many times the outcome was replayed
	 * @param responseStatus the stored status
	 * @param responseBodyMode how the body was kept
	 * @param responseBodyBytes the stored body's length
	 */
	public record RecordDescriptor(String scope, String key, IdempotencyRecord.Status status, String endpoint,
			String fingerprint, String fingerprintAlgorithm, Instant createdAt, @Nullable Instant leaseExpiresAt,
			@Nullable Instant completedAt, Instant expiresAt, int attempts, long replays,
			@Nullable Integer responseStatus, StoredResponse.@Nullable BodyMode responseBodyMode,
			@Nullable Integer responseBodyBytes) {

		static RecordDescriptor of(IdempotencyRecord record) {
			StoredResponse response = record.response();
			return new RecordDescriptor(record.key().scope(), record.key().key(), record.status(), record.endpoint(),
					record.fingerprint().value(), record.fingerprint().algorithm(), record.createdAt(),
					record.leaseExpiresAt(), record.completedAt(), record.expiresAt(), record.attempts(),
					record.replays(), (response != null) ? response.status() : null,
					(response != null) ? response.bodyMode() : null,
					(response != null) ? response.bodyLength() : null);
		}

	}

	/**
	 * The result of an eviction.
	 *
	 * @param evicted whether a record was removed
	 */
	public record EvictionDescriptor(boolean evicted) {

	}

}
