package dev.idempotency.internal.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.idempotency.store.StoredResponse;
import dev.idempotency.store.StoredResponse.BodyMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The stored-response format reads back exactly what it wrote, and refuses data it cannot
 * read with certainty.
 */
class ResponseCodecTests {

	@Test
	void roundTripsStatusHeadersInOrderAndBodyByteForByte() {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("X-Z", List.of("last?"));
		headers.put("Content-Type", List.of("application/json"));
		headers.put("X-Multi", List.of("one", "", "two"));
		headers.put("X-Unicode", List.of("caf\u00e9 \u6771\u4eac \ud83d\ude00"));
		byte[] body = new byte[70_000];
		for (int i = 0; i < body.length; i++) {
			body[i] = (byte) (i * 31);
		}
		StoredResponse response = StoredResponse.of(201, headers, body);
		StoredResponse decoded = ResponseCodec.decode(ResponseCodec.encode(response));
		assertThat(decoded).isEqualTo(response);
		assertThat(decoded.headers().keySet()).containsExactly("X-Z", "Content-Type", "X-Multi", "X-Unicode");
		assertThat(decoded.headers().get("X-Multi")).containsExactly("one", "", "two");
	}

	@Test
	void roundTripsEveryBodyMode() {
		for (BodyMode mode : BodyMode.values()) {
			byte[] body = (mode == BodyMode.STORED) ? new byte[] { 0, 1, 2 } : null;
			StoredResponse response = new StoredResponse(999, Map.of("Location", List.of("/x")), body, mode);
			assertThat(ResponseCodec.decode(ResponseCodec.encode(response))).isEqualTo(response);
		}
	}

	@Test
	void roundTripsAnEmptyResponse() {
		StoredResponse response = StoredResponse.of(204, Map.of(), null);
		assertThat(ResponseCodec.decode(ResponseCodec.encode(response))).isEqualTo(response);
	}

	@Test
	void writesTheDocumentedLayout() {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("A", List.of("b", "c"));
		byte[] encoded = ResponseCodec.encode(
				new StoredResponse(404, headers, null, BodyMode.ERROR_PAGE));
		assertThat(encoded).containsExactly(
				1, // version
				1, (byte) 148, // status 404
				2, // body mode: error page
				0, 0, 0, 1, // one header name
				0, 0, 0, 1, 'A', // the name
				0, 0, 0, 2, // two values
				0, 0, 0, 1, 'b', 0, 0, 0, 1, 'c', // the values
				0, 0, 0, 0); // no body
		assertThat(ResponseCodec.encode(StoredResponse.of(200, Map.of(), "hi".getBytes(StandardCharsets.UTF_8))))
			.containsExactly(1, 0, (byte) 200, 0, 0, 0, 0, 0, 0, 0, 0, 2, 'h', 'i');
	}

	@Test
	void refusesAnUnknownVersion() {
		byte[] encoded = ResponseCodec.encode(sample());
		for (int version : new int[] { 0, 2, 0xAC, 255 }) {
			encoded[0] = (byte) version;
			assertThatIllegalArgumentException().isThrownBy(() -> ResponseCodec.decode(encoded))
				.withMessageContaining("format version " + version);
		}
	}

	@Test
	void refusesDataTruncatedAnywhere() {
		byte[] encoded = ResponseCodec.encode(sample());
		for (int length = 0; length < encoded.length; length++) {
			byte[] truncated = Arrays.copyOf(encoded, length);
			assertThatIllegalArgumentException().as("truncated to %d bytes", length)
				.isThrownBy(() -> ResponseCodec.decode(truncated))
				.withMessageContaining("truncated");
		}
	}

	@Test
	void refusesTrailingBytes() {
		byte[] encoded = ResponseCodec.encode(sample());
		byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
		assertThatIllegalArgumentException().isThrownBy(() -> ResponseCodec.decode(longer))
			.withMessageContaining("1 unexpected bytes");
	}

	@Test
	void refusesAnUnknownBodyMode() {
		byte[] encoded = ResponseCodec.encode(sample());
		encoded[3] = 3;
		assertThatIllegalArgumentException().isThrownBy(() -> ResponseCodec.decode(encoded))
			.withMessageContaining("body mode 3");
	}

	@Test
	void refusesNegativeLengthsAndInvalidText() {
		byte[] negative = { 1, 0, (byte) 200, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF };
		assertThatIllegalArgumentException().isThrownBy(() -> ResponseCodec.decode(negative))
			.withMessageContaining("negative");
		byte[] notUtf8 = { 1, 0, (byte) 200, 0, 0, 0, 0, 1, 0, 0, 0, 1, (byte) 0xC3, 0, 0, 0, 0, 0, 0, 0, 0 };
		assertThatIllegalArgumentException().isThrownBy(() -> ResponseCodec.decode(notUtf8))
			.withMessageContaining("not UTF-8");
		byte[] badStatus = { 1, 0, 42, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
		assertThatIllegalArgumentException().isThrownBy(() -> ResponseCodec.decode(badStatus))
			.withMessageContaining("status 42");
	}

	@Test
	void refusesToEncodeTextThatIsNotUnicode() {
		StoredResponse response = StoredResponse.of(200, Map.of("X-Broken", List.of("\ud800")), null);
		assertThatIllegalArgumentException().isThrownBy(() -> ResponseCodec.encode(response))
			.withMessageContaining("not valid Unicode");
	}

	private static StoredResponse sample() {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("Content-Type", List.of("application/json"));
		headers.put("X-Multi", List.of("one", "two"));
		return StoredResponse.of(201, headers, "{\"id\":42}".getBytes(StandardCharsets.UTF_8));
	}

}
