package dev.idempotency.internal.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Status codes and classes as the release and store settings write them.
 */
class StatusCodesTests {

	@Test
	void classHoldsItsHundredCodes() {
		StatusCodes codes = StatusCodes.parse(List.of("5xx"));
		assertThat(codes.contains(500)).isTrue();
		assertThat(codes.contains(503)).isTrue();
		assertThat(codes.contains(599)).isTrue();
		assertThat(codes.contains(499)).isFalse();
		assertThat(codes.contains(600)).isFalse();
	}

	@Test
	void codeHoldsOnlyItself() {
		StatusCodes codes = StatusCodes.parse(List.of("409"));
		assertThat(codes.contains(409)).isTrue();
		assertThat(codes.contains(408)).isFalse();
		assertThat(codes.contains(410)).isFalse();
	}

	@Test
	void entriesAddUp() {
		StatusCodes codes = StatusCodes.parse(List.of("5xx", "408", "409", "425", "429"));
		assertThat(codes.contains(502)).isTrue();
		assertThat(codes.contains(408)).isTrue();
		assertThat(codes.contains(429)).isTrue();
		assertThat(codes.contains(400)).isFalse();
		assertThat(codes.contains(422)).isFalse();
		assertThat(codes.contains(200)).isFalse();
	}

	@Test
	void everyClassFromOneToFiveIsAccepted() {
		StatusCodes codes = StatusCodes.parse(List.of("1xx", "2xx", "3xx", "4xx", "5xx"));
		for (int status = 100; status < 600; status++) {
			assertThat(codes.contains(status)).as("%d", status).isTrue();
		}
		assertThat(codes.contains(99)).isFalse();
		assertThat(codes.contains(600)).isFalse();
	}

	@Test
	void caseAndSurroundingSpacesDoNotMatter() {
		StatusCodes codes = StatusCodes.parse(List.of(" 4XX ", "\t503 "));
		assertThat(codes.contains(404)).isTrue();
		assertThat(codes.contains(503)).isTrue();
		assertThat(codes.contains(500)).isFalse();
	}

	@Test
	void noEntriesHoldNothing() {
		StatusCodes codes = StatusCodes.parse(List.of());
		assertThat(codes.contains(200)).isFalse();
		assertThat(codes.contains(500)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 0, 99, 600, 999, 1000, 100_000, Integer.MAX_VALUE, Integer.MIN_VALUE })
	void statusesOutsideTheRangeAreNeverContained(int status) {
		assertThat(StatusCodes.parse(List.of("1xx", "2xx", "3xx", "4xx", "5xx")).contains(status)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "6xx", "0xx", "600", "099", "99", "4x", "4xxx", "40", "4000", "abc", "x09",
			"409,410", "4 09", "+409", "-409", "５xx" })
	void otherEntriesAreRefusedWithTheEntryInTheMessage(String entry) {
		assertThatIllegalArgumentException().isThrownBy(() -> StatusCodes.parse(List.of("5xx", entry)))
			.withMessageContaining("'" + entry + "'")
			.withMessageContaining("5xx");
	}

	@Test
	void printsItsEntries() {
		assertThat(StatusCodes.parse(List.of("5xx", "409"))).hasToString("5xx,409");
	}

}
