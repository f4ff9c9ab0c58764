package dev.idempotency.internal.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keeps scopes within what stores index: a scope longer than {@value #MAX_LENGTH}
 * characters (a scope may come from a request header) is replaced by its SHA-256.
 */
public final class Scopes {

	static final int MAX_LENGTH = 128;

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
		if (scope.length() <= MAX_LENGTH) {
			return scope;
		}
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(scope.getBytes(StandardCharsets.UTF_8));
			return "sha256:" + HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
