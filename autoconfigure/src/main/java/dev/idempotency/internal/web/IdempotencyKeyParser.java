package dev.idempotency.internal.web;

import java.util.Enumeration;

/**
 * Reads the {@code Idempotency-Key} header. The header is a Structured Field string
 * (RFC 8941, as the IETF draft defines it): {@code "abc"}. A bare value ({@code abc}) is
 * accepted too, since many clients send one, and means the same key.
 */
final class IdempotencyKeyParser {

	private final int maxLength;

	IdempotencyKeyParser(int maxLength) {
		this.maxLength = maxLength;
	}

	/**
	 * Parse the header.
	 * @param values every value of the header in the request
	 * @return the key, or {@code null} if the header is absent
	 * @throws MalformedKeyException if the header is malformed or repeated
	 */
	String parse(Enumeration<String> values) {
		if (values == null || !values.hasMoreElements()) {
			return null;
		}
		String value = values.nextElement();
		if (values.hasMoreElements()) {
			throw new MalformedKeyException("The Idempotency-Key header must be sent once.");
		}
		return parse(value);
	}

	String parse(String headerValue) {
		// Bound the work before looking at the characters: a quoted key of the maximum
		// length needs at most twice its length (every character escaped) plus quotes.
		if (headerValue.length() > 2 * this.maxLength + 64) {
			throw tooLong();
		}
		String value = trimSpaces(headerValue);
		if (value.isEmpty()) {
			throw new MalformedKeyException("The Idempotency-Key header is empty.");
		}
		String key = (value.charAt(0) == '"') ? parseString(value) : parseBare(value);
		if (key.isEmpty()) {
			throw new MalformedKeyException("The Idempotency-Key header is empty.");
		}
		if (key.length() > this.maxLength) {
			throw tooLong();
		}
		return key;
	}

	private MalformedKeyException tooLong() {
		return new MalformedKeyException(
				"The Idempotency-Key is longer than " + this.maxLength + " characters.");
	}

	private static String parseString(String value) {
		StringBuilder key = new StringBuilder(value.length());
		int i = 1;
		while (i < value.length()) {
			char c = value.charAt(i);
			if (c == '\\') {
				if (i + 1 >= value.length()) {
					throw brokenString("it ends inside an escape");
				}
				char escaped = value.charAt(i + 1);
				if (escaped != '"' && escaped != '\\') {
					throw brokenString("only \\\" and \\\\ may be escaped");
				}
				key.append(escaped);
				i += 2;
			}
			else if (c == '"') {
				if (i != value.length() - 1) {
					throw brokenString("there is more after the closing quote (parameters are not supported)");
				}
				return key.toString();
			}
			else {
				checkPrintable(c);
				key.append(c);
				i++;
			}
		}
		throw brokenString("the closing quote is missing");
	}

	private static String parseBare(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			checkPrintable(c);
			if (c == ',') {
				throw new MalformedKeyException(
						"The Idempotency-Key header holds a list; send exactly one key.");
			}
			if (c == '"' || c == '\\' || c == ' ') {
				throw new MalformedKeyException("The Idempotency-Key holds '" + c
						+ "'; send such a key as a quoted string, for example \"my key\".");
			}
		}
		return value;
	}

	private static void checkPrintable(char c) {
		if (c < 0x20 || c > 0x7E) {
			throw new MalformedKeyException(
					"The Idempotency-Key may contain only printable ASCII characters (0x20 to 0x7E).");
		}
	}

	private static String trimSpaces(String value) {
		int start = 0;
		int end = value.length();
		while (start < end && isSpace(value.charAt(start))) {
			start++;
		}
		while (end > start && isSpace(value.charAt(end - 1))) {
			end--;
		}
		return value.substring(start, end);
	}

	private static boolean isSpace(char c) {
		return c == ' ' || c == '\t';
	}

	private static MalformedKeyException brokenString(String why) {
		return new MalformedKeyException("The Idempotency-Key is not a valid Structured Field string: " + why + ".");
	}

	/**
	 * The header is present but cannot be used as a key.
	 */
	static final class MalformedKeyException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		MalformedKeyException(String message) {
			super(message, null, false, false);
		}

	}

}
