package dev.idempotency.internal.store;

import java.security.SecureRandom;

/**
 * New fencing tokens: random positive longs. Tokens are compared for equality only, so
 * they need to be unique per key rather than ordered, and random tokens stay unique
 * even when a key's record is released or flushed and reserved again.
 */
public final class FencingTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private FencingTokens() {
	}

	/**
	 * A new token.
	 * @return a random long in 1..Long.MAX_VALUE
	 */
	public static long next() {
		long token;
		do {
			token = RANDOM.nextLong() & Long.MAX_VALUE;
		}
		while (token == 0);
		return token;
	}

}
