package dev.idempotency.benchmarks.jmh;

import java.nio.charset.StandardCharsets;

/**
 * Request bodies for the benchmarks: a payment as a client sends it, with members in
 * declaration order (not sorted), nested objects and arrays, strings with escapes and
 * non-ASCII text, and integers and decimals. Built the same way on every run.
 */
public final class JsonBodies {

	private JsonBodies() {
	}

	/**
	 * A payment of exactly {@code size} UTF-8 bytes: as many line items as fit, then a
	 * note that pads it to the size.
	 * @param size the size in bytes, at least 1 KiB
	 * @return the body
	 */
	public static byte[] payment(int size) {
		StringBuilder json = new StringBuilder(size + 256);
		json.append("{\"id\":\"pay_7Hq2KxN4\",\"object\":\"payment\",\"sequence\":9007199254740993,")
			.append("\"amount\":{\"value\":1234.50,\"currency\":\"EUR\"},\"capture\":true,")
			.append("\"description\":\"Order #1 \\\"gift\\\" for Zo\u00EB \\u2014 leave at door\\n\",")
			.append("\"customer\":{\"id\":\"cus_000123\",\"email\":\"jane.doe+1@example.com\",")
			.append("\"name\":\"Jane \\\"JD\\\" Doe\",\"address\":{\"line1\":\"12 Rue de l'\u00C9glise\",")
			.append("\"city\":\"Paris\",\"postalCode\":\"75001\",\"country\":\"FR\"}},\"items\":[");
		String tail = "],\"metadata\":{\"orderId\":\"ord-5521\",\"channel\":\"web\",\"retry\":null,"
				+ "\"path\":\"C:\\\\orders\\\\5521\"},\"createdAt\":\"2026-01-01T12:00:00Z\",\"note\":\"";
		String end = "\"}";
		int fixed = utf8Length(tail) + utf8Length(end);
		for (int i = 0;; i++) {
			String item = item(i);
			int separator = (i > 0) ? 1 : 0;
			if (utf8Length(json) + separator + item.length() + fixed > size) {
				break;
			}
			if (separator > 0) {
				json.append(',');
			}
			json.append(item);
		}
		json.append(tail);
		int padding = size - utf8Length(json) - end.length();
		if (padding < 0) {
			throw new IllegalArgumentException("A payment needs more than " + size + " bytes");
		}
		json.append("x".repeat(padding)).append(end);
		byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
		if (bytes.length != size) {
			throw new IllegalStateException("Built " + bytes.length + " bytes instead of " + size);
		}
		return bytes;
	}

	// ASCII only, so that its length is its size in bytes.
	private static String item(int i) {
		int cents = (i * 7919) % 100000;
		return "{\"sku\":\"SKU-" + (10000 + i) + "\",\"name\":\"Item " + i + " \\\"deluxe\\\" \\u00e9dition\","
				+ "\"quantity\":" + (1 + i % 5) + ",\"unitPrice\":" + (cents / 100) + "." + twoDigits(cents % 100)
				+ ",\"taxRate\":0.20,\"weightKg\":" + (i % 3) + ".5e-1,\"discounts\":[{\"code\":\"SPRING\","
				+ "\"amount\":-1.50}],\"tags\":[\"red\",\"x\\tl\",\"\\ud83d\\ude00\"],\"giftWrap\":" + (i % 2 == 0)
				+ "}";
	}

	private static String twoDigits(int value) {
		return (value < 10) ? "0" + value : Integer.toString(value);
	}

	private static int utf8Length(CharSequence text) {
		int length = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			length += (c < 0x80) ? 1 : (c < 0x800) ? 2 : 3;
		}
		return length;
	}

}
