package dev.idempotency.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A response kept for replay: status, the headers worth replaying, and the body byte for
 * byte.
 */
public final class StoredResponse {

	private static final byte[] NO_BODY = new byte[0];

	private final int status;

	private final Map<String, List<String>> headers;

	private final byte[] body;

	private final BodyMode bodyMode;

	/**
	 * Create a stored response.
	 * @param status the HTTP status code
	 * @param headers header names to their values, in the order they are to be written
	 * @param body the body; empty unless {@code bodyMode} is {@link BodyMode#STORED}
	 * @param bodyMode how the body was kept
	 */
	public StoredResponse(int status, Map<String, List<String>> headers, byte[] body, BodyMode bodyMode) {
		if (status < 100 || status > 999) {
			throw new IllegalArgumentException("Invalid HTTP status " + status);
		}
		Objects.requireNonNull(bodyMode, "bodyMode");
		this.status = status;
		Map<String, List<String>> copy = new LinkedHashMap<>();
		headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
		this.headers = Collections.unmodifiableMap(copy);
		this.body = (body != null && body.length > 0) ? body.clone() : NO_BODY;
		this.bodyMode = bodyMode;
		if (bodyMode != BodyMode.STORED && this.body.length > 0) {
			throw new IllegalArgumentException("Only a STORED body has bytes");
		}
	}

	/**
	 * Shortcut for a response whose body is stored.
	 * @param status the HTTP status code
	 * @param headers the headers
	 * @param body the body
	 * @return the stored response
	 */
	public static StoredResponse of(int status, Map<String, List<String>> headers, byte[] body) {
		return new StoredResponse(status, headers, body, BodyMode.STORED);
	}

	public int status() {
		return this.status;
	}

	/**
	 * The stored headers.
	 * @return an unmodifiable, ordered map of header names to values
	 */
	public Map<String, List<String>> headers() {
		return this.headers;
	}

	/**
	 * The body bytes.
	 * @return a copy of the body; empty unless {@link #bodyMode()} is
	 * {@link BodyMode#STORED}
	 */
	public byte[] body() {
		return this.body.clone();
	}

	/**
	 * The body length, without copying it.
	 * @return the number of body bytes
	 */
	public int bodyLength() {
		return this.body.length;
	}

	/**
	 * Write the body without copying it.
	 * @param target where to write
	 * @throws java.io.IOException if the target fails
	 */
	public void writeBodyTo(java.io.OutputStream target) throws java.io.IOException {
		target.write(this.body);
	}

	public BodyMode bodyMode() {
		return this.bodyMode;
	}

	/**
	 * The headers as name/value pairs, one per value, in order.
	 * @return the flattened headers
	 */
	public List<Map.Entry<String, String>> headerLines() {
		List<Map.Entry<String, String>> lines = new ArrayList<>();
		this.headers.forEach((name, values) -> values.forEach((value) -> lines.add(Map.entry(name, value))));
		return lines;
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof StoredResponse that)) {
			return false;
		}
		return this.status == that.status && this.bodyMode == that.bodyMode && this.headers.equals(that.headers)
				&& Arrays.equals(this.body, that.body);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.status, this.headers, this.bodyMode, Arrays.hashCode(this.body));
	}

	@Override
	public String toString() {
		return "StoredResponse[status=" + this.status + ", bodyMode=" + this.bodyMode + ", bodyLength="
				+ this.body.length + "]";
	}

	/**
	 * How the body of a stored response was kept.
	 */
	public enum BodyMode {

		/** The body is stored byte for byte and replayed as it was. */
		STORED,

		/**
		 * The body exceeded {@code idempotency.max-response-body}; status and headers are
		 * replayed with an empty body.
		 */
		TOO_LARGE,

		/**
		 * The handler answered with {@code sendError}; the replay sends the same error
		 * status and the application's error handling renders the body again.
		 */
		ERROR_PAGE

	}

}
