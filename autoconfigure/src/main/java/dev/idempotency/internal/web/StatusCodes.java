package dev.idempotency.internal.web;

import java.util.BitSet;
import java.util.List;

/**
 * A set of HTTP status codes written as codes ({@code 409}) and classes ({@code 5xx}).
 */
final class StatusCodes {

	private final BitSet codes;

	private final String text;

	private StatusCodes(BitSet codes, String text) {
		this.codes = codes;
		this.text = text;
	}

	/**
	 * Parse entries such as {@code 5xx} and {@code 409}.
	 * @param entries the entries
	 * @return the set
	 * @throws IllegalArgumentException if an entry is neither
	 */
	static StatusCodes parse(List<String> entries) {
		BitSet codes = new BitSet(1000);
		for (String raw : entries) {
			String entry = raw.trim().toLowerCase(java.util.Locale.ROOT);
			if (entry.matches("[1-5]xx")) {
				int base = (entry.charAt(0) - '0') * 100;
				codes.set(base, base + 100);
			}
			else if (entry.matches("[1-5][0-9][0-9]")) {
				codes.set(Integer.parseInt(entry));
			}
			else {
				throw new IllegalArgumentException(
						"'" + raw + "' is not a status code (such as 409) or a status class (such as 5xx)");
			}
		}
		return new StatusCodes(codes, String.join(",", entries));
	}

	boolean contains(int status) {
		return status >= 0 && status < 1000 && this.codes.get(status);
	}

	@Override
	public String toString() {
		return this.text;
	}

}
