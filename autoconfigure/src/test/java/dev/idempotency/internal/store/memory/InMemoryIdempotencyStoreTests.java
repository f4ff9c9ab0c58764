package dev.idempotency.internal.store.memory;

import java.time.Duration;

import dev.idempotency.store.AbstractIdempotencyStoreContractTests;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.StoreUnavailableException;
import dev.idempotency.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The in-memory store passes the store contract on an injected clock, without sleeping.
 */
class InMemoryIdempotencyStoreTests extends AbstractIdempotencyStoreContractTests {

	private final MutableClock clock = new MutableClock();

	@Override
	protected IdempotencyStore createStore() {
		return new InMemoryIdempotencyStore(this.clock, 10_000);
	}

	@Override
	protected void elapse(Duration duration) {
		this.clock.advance(duration);
	}

	@Test
	void refusesNewKeysWhenFullOfLiveRecordsInsteadOfForgettingOldOnes() {
		InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(this.clock, 2);
		store.reserve(request(key("1"), fingerprint(), LONG, LONG));
		store.reserve(request(key("2"), fingerprint(), LONG, LONG));
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> store.reserve(request(key("3"), fingerprint(), LONG, LONG)))
			.withMessageContaining("idempotency.store.in-memory.max-records");
	}

	@Test
	void makesRoomByDroppingExpiredRecords() {
		InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(this.clock, 2);
		store.reserve(request(key("1"), fingerprint(), SHORT, SHORT));
		store.reserve(request(key("2"), fingerprint(), SHORT, SHORT));
		this.clock.advance(SHORT.plusSeconds(1));
		store.reserve(request(key("3"), fingerprint(), LONG, LONG));
		assertThat(store.size()).isEqualTo(1);
	}

	private static dev.idempotency.store.Fingerprint fingerprint() {
		return new dev.idempotency.store.Fingerprint("v1-sha256", "c".repeat(64));
	}

}
