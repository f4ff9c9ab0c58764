package dev.idempotency.internal.store.jdbc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The text form of stored headers.
 */
class HeaderLinesTests {

	@Test
	void writesOneReadableLinePerValueInOrder() {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("Content-Type", List.of("application/json"));
		headers.put("Link", List.of("</a>; rel=next", "</b>; rel=prev"));
		assertThat(HeaderLines.encode(headers))
			.isEqualTo("Content-Type: application/json\nLink: </a>; rel=next\nLink: </b>; rel=prev\n");
		assertThat(HeaderLines.decode(HeaderLines.encode(headers))).isEqualTo(headers);
	}

	@Test
	void escapesLineBreaksBackslashesAndControlCharacters() {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("X-Odd", List.of("a\r\nb", "back\\slash\\n", "nul\u0000del\u007f", "tab\tstays", ""));
		headers.put("X-Latin1", List.of("caf\u00e9 \u00ff \u0085"));
		String text = HeaderLines.encode(headers);
		assertThat(text).isEqualTo("X-Odd: a\\r\\nb\nX-Odd: back\\\\slash\\\\n\nX-Odd: nul\\x00del\\x7f\n"
				+ "X-Odd: tab\tstays\nX-Odd: \nX-Latin1: caf\u00e9 \u00ff \u0085\n");
		assertThat(HeaderLines.decode(text)).isEqualTo(headers);
	}

	@Test
	void keepsValuesThatLookLikeSeparatorsAndNamesWithoutValues() {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("X-Colon", List.of(": leading", "a: b"));
		headers.put("x-colon", List.of("other case"));
		headers.put("Odd:Name", List.of("v"));
		headers.put("X-Empty", List.of());
		String text = HeaderLines.encode(headers);
		assertThat(text).contains("Odd\\x3aName: v\n").contains("X-Empty\n");
		assertThat(HeaderLines.decode(text)).isEqualTo(headers);
	}

	@Test
	void readsNothingAsNoHeaders() {
		assertThat(HeaderLines.decode("")).isEmpty();
		assertThat(HeaderLines.decode(null)).isEmpty();
		assertThat(HeaderLines.encode(Map.of())).isEmpty();
	}

	@Test
	void refusesMalformedText() {
		assertThatIllegalArgumentException().isThrownBy(() -> HeaderLines.decode("A: b"));
		assertThatIllegalArgumentException().isThrownBy(() -> HeaderLines.decode("A:b\n"));
		assertThatIllegalArgumentException().isThrownBy(() -> HeaderLines.decode("A: \\q\n"));
		assertThatIllegalArgumentException().isThrownBy(() -> HeaderLines.decode("A: \\x4\n"));
	}

}
