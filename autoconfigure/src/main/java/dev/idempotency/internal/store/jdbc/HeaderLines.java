package dev.idempotency.internal.store.jdbc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text form of stored response headers in the {@code response_headers} column, made
 * to be read by people: one {@code Name: value} line per value, in order, each line ended
 * by a line feed. A name that has no values is a line with the name alone.
 * <p>
 * Escapes keep every line on one line and the separator unambiguous: a backslash is
 * written {@code \\}, a line feed {@code \n}, a carriage return {@code \r}, and any other
 * control character (U+0000 to U+001F except tab, and U+007F) as {@code \xHH}, as is a
 * colon in a name. Every other character, including the Latin-1 range servlet containers
 * use for header values, is written as it is.
 */
final class HeaderLines {

	private HeaderLines() {
	}

	static String encode(Map<String, List<String>> headers) {
		StringBuilder text = new StringBuilder();
		headers.forEach((name, values) -> {
			if (values.isEmpty()) {
				escape(name, true, text);
				text.append('\n');
			}
			for (String value : values) {
				escape(name, true, text);
				text.append(": ");
				escape(value, false, text);
				text.append('\n');
			}
		});
		return text.toString();
	}

	static Map<String, List<String>> decode(String text) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		if (text == null) {
			return headers;
		}
		int start = 0;
		int end;
		while ((end = text.indexOf('\n', start)) >= 0) {
			String line = text.substring(start, end);
			start = end + 1;
			int colon = line.indexOf(':');
			if (colon < 0) {
				headers.computeIfAbsent(unescape(line), (name) -> new ArrayList<>());
				continue;
			}
			if (!line.startsWith(": ", colon)) {
				throw new IllegalArgumentException("Malformed stored header line");
			}
			headers.computeIfAbsent(unescape(line.substring(0, colon)), (name) -> new ArrayList<>())
				.add(unescape(line.substring(colon + 2)));
		}
		if (start != text.length()) {
			throw new IllegalArgumentException("Stored headers do not end with a line feed");
		}
		return headers;
	}

	private static void escape(String value, boolean name, StringBuilder text) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\') {
				text.append("\\\\");
			}
			else if (c == '\n') {
				text.append("\\n");
			}
			else if (c == '\r') {
				text.append("\\r");
			}
			else if ((c < 0x20 && c != '\t') || c == 0x7F || (name && c == ':')) {
				text.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
			}
			else {
				text.append(c);
			}
		}
	}

	private static String unescape(String text) {
		if (text.indexOf('\\') < 0) {
			return text;
		}
		StringBuilder value = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c != '\\') {
				value.append(c);
				continue;
			}
			if (i + 1 >= text.length()) {
				throw new IllegalArgumentException("Malformed escape in a stored header");
			}
			char escaped = text.charAt(++i);
			switch (escaped) {
				case '\\' -> value.append('\\');
				case 'n' -> value.append('\n');
				case 'r' -> value.append('\r');
				case 'x' -> {
					if (i + 3 > text.length()) {
						throw new IllegalArgumentException("Malformed escape in a stored header");
					}
					value.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
					i += 2;
				}
				default -> throw new IllegalArgumentException("Malformed escape in a stored header");
			}
		}
		return value.toString();
	}

}
