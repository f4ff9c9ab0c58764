package dev.idempotency.internal.fingerprint;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Name/value pairs of a query string or an {@code application/x-www-form-urlencoded}
 * body, decoded.
 */
public final class FormFields {

	private FormFields() {
	}

	/**
	 * Decode {@code a=1&b=2&a=3} into pairs in their original order.
	 * @param encoded the encoded form, may be {@code null}
	 * @param charset the charset of percent-encoded bytes
	 * @return the pairs
	 * @throws IllegalArgumentException if a percent-escape is malformed
	 */
	public static List<Map.Entry<String, String>> decode(String encoded, Charset charset) {
		if (encoded == null || encoded.isEmpty()) {
			return Collections.emptyList();
		}
		List<Map.Entry<String, String>> pairs = new ArrayList<>();
		int start = 0;
		int length = encoded.length();
		while (start <= length) {
			int end = encoded.indexOf('&', start);
			if (end < 0) {
				end = length;
			}
			if (end > start) {
				int equals = encoded.indexOf('=', start);
				String name;
				String value;
				if (equals < 0 || equals > end) {
					name = decodeComponent(encoded.substring(start, end), charset);
					value = "";
				}
				else {
					name = decodeComponent(encoded.substring(start, equals), charset);
					value = decodeComponent(encoded.substring(equals + 1, end), charset);
				}
				pairs.add(Map.entry(name, value));
			}
			start = end + 1;
		}
		return pairs;
	}

	/**
	 * Sort pairs by name; pairs with one name keep their order.
	 * @param pairs the pairs
	 * @return a sorted copy
	 */
	static List<Map.Entry<String, String>> sortedByName(List<Map.Entry<String, String>> pairs) {
		if (pairs.size() < 2) {
			return pairs;
		}
		List<Map.Entry<String, String>> sorted = new ArrayList<>(pairs);
		sorted.sort(Map.Entry.comparingByKey());
		return sorted;
	}

	/**
	 * Group pairs by name, keeping the order of names and of values.
	 * @param pairs the pairs
	 * @return names to values
	 */
	public static Map<String, String[]> toParameterMap(List<Map.Entry<String, String>> pairs) {
		Map<String, List<String>> grouped = new LinkedHashMap<>();
		for (Map.Entry<String, String> pair : pairs) {
			grouped.computeIfAbsent(pair.getKey(), (name) -> new ArrayList<>()).add(pair.getValue());
		}
		Map<String, String[]> result = new LinkedHashMap<>();
		grouped.forEach((name, values) -> result.put(name, values.toArray(new String[0])));
		return result;
	}

	private static String decodeComponent(String component, Charset charset) {
		if (component.indexOf('%') < 0 && component.indexOf('+') < 0) {
			return component;
		}
		return URLDecoder.decode(component, charset);
	}

}
