package dev.idempotency.internal.store.tiered;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedisBreakerTests {

	private final MovableClock clock = new MovableClock();

	private final RedisBreaker breaker = new RedisBreaker(this.clock, 3, Duration.ofSeconds(5));

	@Test
	void staysClosedBelowTheThreshold() {
		this.breaker.recordFailure();
		this.breaker.recordFailure();
		assertThat(this.breaker.allowRequest()).isTrue();
		this.breaker.recordSuccess();
		this.breaker.recordFailure();
		this.breaker.recordFailure();
		assertThat(this.breaker.state()).isEqualTo(RedisBreaker.State.CLOSED);
	}

	@Test
	void opensAfterConsecutiveFailuresAndSkipsRedisForTheOpenPeriod() {
		failThreeTimes();
		assertThat(this.breaker.state()).isEqualTo(RedisBreaker.State.OPEN);
		assertThat(this.breaker.allowRequest()).isFalse();
		this.clock.advance(Duration.ofSeconds(4));
		assertThat(this.breaker.allowRequest()).isFalse();
	}

	@Test
	void letsOneProbeThroughAfterTheOpenPeriodAndClosesWhenItSucceeds() {
		failThreeTimes();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.breaker.allowRequest()).isTrue();
		assertThat(this.breaker.allowRequest()).isFalse();
		this.breaker.recordSuccess();
		assertThat(this.breaker.allowRequest()).isTrue();
		assertThat(this.breaker.state()).isEqualTo(RedisBreaker.State.CLOSED);
	}

	@Test
	void opensAgainWhenTheProbeFails() {
		failThreeTimes();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.breaker.allowRequest()).isTrue();
		this.breaker.recordFailure();
		assertThat(this.breaker.state()).isEqualTo(RedisBreaker.State.OPEN);
		assertThat(this.breaker.allowRequest()).isFalse();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.breaker.allowRequest()).isTrue();
	}

	private void failThreeTimes() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.breaker.allowRequest()).isTrue();
			this.breaker.recordFailure();
		}
	}

	static final class MovableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
