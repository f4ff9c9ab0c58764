package dev.idempotency.internal.store.tiered;

import java.time.Duration;

import dev.idempotency.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedisBreakerTests {

	private final MutableClock clock = new MutableClock();

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

}
