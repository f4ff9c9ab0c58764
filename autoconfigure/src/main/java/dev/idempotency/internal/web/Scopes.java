package dev.idempotency.internal.web;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keeps scopes within what stores can index: a scope longer than {@value #MAX_LENGTH}
 * characters (a scope may come from a request header), or one that is not well-formed
 * Unicode (an unpaired surrogate, which no store can encode), is replaced by its SHA-256.
 * So is a scope that already looks like a digest, so that no scope can pass for the
 * digest of another.
 */
public final class Scopes {

	static final int MAX_LENGTH = 128;

	private static final String DIGEST_PREFIX = "sha256:";

	private Scopes() {
	}

	/**
	 * Normalize a scope the way the filter does before it reaches a store.
	 * @param scope the resolved scope
	 * @return the scope, or its digest if it is too long
	 */
	public static String normalize(String scope) {
		if (scope == null) {
			throw new IllegalStateException("The IdempotencyScopeResolver returned null");
		}
		if (scope.length() <= MAX_LENGTH && !scope.startsWith(DIGEST_PREFIX) && isWellFormed(scope)) {
			return scope;
		}
		try {
			// The UTF-16 code units, written out by hand: every string has them, even one with
			// an unpaired surrogate, which an encoder would replace (and so confuse with
			// another).
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (int i = 0; i < scope.length(); i++) {
				char c = scope.charAt(i);
				digest.update((byte) (c >>> 8));
				digest.update((byte) c);
			}
			byte[] hash = digest.digest();
			return DIGEST_PREFIX + HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean isWellFormed(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

}
