package dev.idempotency.store;

import java.util.Objects;

/**
 * Identifies one idempotency record: the client's key within a scope.
 * <p>
 * Stores keep scope and key apart (two columns, or a length-prefixed encoding), so key
 * {@code a:b} in scope {@code x} never meets key {@code b} in scope {@code x:a}.
 *
 * @param scope whose key it is, as resolved by the {@code IdempotencyScopeResolver}
 * @param key the {@code Idempotency-Key} value, unquoted
 */
public record RecordKey(String scope, String key) {

	public RecordKey {
		Objects.requireNonNull(scope, "scope");
		Objects.requireNonNull(key, "key");
	}

	/**
	 * The key shortened for log lines: keys may carry client data, so logs never show
	 * them whole.
	 * @return the first characters of the key followed by an ellipsis
	 */
	public String redactedKey() {
		return (this.key.length() <= 6) ? "…" : this.key.substring(0, 4) + "…";
	}

	@Override
	public String toString() {
		return "RecordKey[scope=" + this.scope + ", key=" + redactedKey() + "]";
	}

}
