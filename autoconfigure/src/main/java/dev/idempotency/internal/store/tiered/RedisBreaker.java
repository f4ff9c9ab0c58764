package dev.idempotency.internal.store.tiered;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides whether the tiered store asks Redis. After {@code failureThreshold}
 * consecutive failures it stops asking for {@code openDuration}; then it lets one request
 * through as a probe: success closes it again, failure opens it for another period.
 * <p>
 * This clock only paces the probing; it never decides a lease or an expiry.
 */
final class RedisBreaker {

	enum State {

		CLOSED, OPEN, PROBING

	}

	private final Clock clock;

	private final int failureThreshold;

	private final Duration openDuration;

	private State state = State.CLOSED;

	private int consecutiveFailures;

	private Instant openUntil = Instant.MIN;

	RedisBreaker(Clock clock, int failureThreshold, Duration openDuration) {
		if (failureThreshold < 1) {
			throw new IllegalArgumentException("failureThreshold must be at least 1");
		}
		this.clock = clock;
		this.failureThreshold = failureThreshold;
		this.openDuration = openDuration;
	}

	/**
	 * Whether to ask Redis now. When the open period is over, the first caller becomes
	 * the probe and others keep skipping Redis until it reports back.
	 * @return whether to ask Redis
	 */
	synchronized boolean allowRequest() {
		switch (this.state) {
			case CLOSED:
				return true;
			case OPEN:
				if (!this.clock.instant().isBefore(this.openUntil)) {
					this.state = State.PROBING;
					return true;
				}
				return false;
			default:
				return false;
		}
	}

	/**
	 * Redis answered.
	 * @return whether this closed the breaker (Redis is back)
	 */
	synchronized boolean recordSuccess() {
		boolean closed = this.state != State.CLOSED;
		this.state = State.CLOSED;
		this.consecutiveFailures = 0;
		return closed;
	}

	/**
	 * Redis failed or timed out.
	 * @return whether this opened the breaker from closed (Redis just went away)
	 */
	synchronized boolean recordFailure() {
		this.consecutiveFailures++;
		if (this.state == State.PROBING || this.consecutiveFailures >= this.failureThreshold) {
			boolean opened = this.state == State.CLOSED;
			this.state = State.OPEN;
			this.openUntil = this.clock.instant().plus(this.openDuration);
			return opened;
		}
		return false;
	}

	synchronized State state() {
		return this.state;
	}

}
