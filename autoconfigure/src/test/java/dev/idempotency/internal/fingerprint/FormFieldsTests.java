package dev.idempotency.internal.fingerprint;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

/**
 * Query strings and {@code application/x-www-form-urlencoded} bodies.
 */
class FormFieldsTests {

	@Test
	void decodesPairsInTheirOriginalOrder() {
		assertThat(decode("b=2&a=1&b=3")).containsExactly(entry("b", "2"), entry("a", "1"), entry("b", "3"));
	}

	@Test
	void nothingToDecodeIsNoPairs() {
		assertThat(FormFields.decode(null, StandardCharsets.UTF_8)).isEmpty();
		assertThat(decode("")).isEmpty();
		assertThat(decode("&")).isEmpty();
		assertThat(decode("&&&")).isEmpty();
	}

	@Test
	void skipsEmptySegments() {
		assertThat(decode("&a=1&&b=2&")).containsExactly(entry("a", "1"), entry("b", "2"));
	}

	@Test
	void nameWithoutEqualsHasAnEmptyValue() {
		assertThat(decode("a&b=")).containsExactly(entry("a", ""), entry("b", ""));
	}

	@Test
	void emptyNameIsKept() {
		assertThat(decode("=1")).containsExactly(entry("", "1"));
	}

	@Test
	void valueRunsToTheNextAmpersandAndMayHoldEquals() {
		assertThat(decode("a=b=c&d=e")).containsExactly(entry("a", "b=c"), entry("d", "e"));
	}

	@Test
	void decodesPlusAndPercentEscapes() {
		assertThat(decode("a=x+y&b=x%20y&c%3D=%26%2B&d=caf%C3%A9")).containsExactly(entry("a", "x y"),
				entry("b", "x y"), entry("c=", "&+"), entry("d", "café"));
	}

	@Test
	void decodesInTheGivenCharset() {
		assertThat(FormFields.decode("a=%E9", StandardCharsets.ISO_8859_1)).containsExactly(entry("a", "é"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "a=%", "a=%2", "a=%zz", "%g0=1", "a=1&b=%" })
	void refusesMalformedEscapes(String encoded) {
		assertThatIllegalArgumentException().isThrownBy(() -> decode(encoded));
	}

	@Test
	void sortsByNameAndKeepsTheOrderOfRepeatedNames() {
		assertThat(FormFields.sortedByName(decode("b=2&a=3&c=0&a=1&b=1")))
			.containsExactly(entry("a", "3"), entry("a", "1"), entry("b", "2"), entry("b", "1"), entry("c", "0"));
	}

	@Test
	void sortingLeavesTheInputAlone() {
		List<Map.Entry<String, String>> pairs = decode("b=1&a=2");
		FormFields.sortedByName(pairs);
		assertThat(pairs).containsExactly(entry("b", "1"), entry("a", "2"));
	}

	@Test
	void groupsValuesByNameInOrder() {
		Map<String, String[]> parameters = FormFields.toParameterMap(decode("b=2&a=3&b=1&c"));
		assertThat(parameters).containsOnlyKeys("b", "a", "c");
		assertThat(parameters.keySet()).containsExactly("b", "a", "c");
		assertThat(parameters.get("b")).containsExactly("2", "1");
		assertThat(parameters.get("a")).containsExactly("3");
		assertThat(parameters.get("c")).containsExactly("");
	}

	private static List<Map.Entry<String, String>> decode(String encoded) {
		return FormFields.decode(encoded, StandardCharsets.UTF_8);
	}

}
