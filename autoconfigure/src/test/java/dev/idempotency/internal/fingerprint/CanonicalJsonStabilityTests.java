package dev.idempotency.internal.fingerprint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the canonical bytes of documents that reach every branch of the encoding, so that
 * a faster encoder cannot change a stored fingerprint ({@code v1-sha256}) unnoticed.
 */
class CanonicalJsonStabilityTests {

	static Stream<Arguments> documents() {
		return Stream.of(
				Arguments.of("scalars", "[null,true,false,\"\",\"a\",0,-0,1,-1,10,100.00,0.5,-0.050,1e2,1E+2,1e-2,"
						+ "12.340e3,9007199254740993,123456789012345678901234567890,1e400,"
						+ "1e99999999999999999999,10e9223372036854775807,0.1e-99999999999999999999,1e+000000000000000001]",
						"", "640d0956d939b4732b8c44c13d23056cc19d27c4439b42adc5469f8a3f0d7b0a"),
				Arguments.of("strings", "[\"caf\\u00e9\",\"caf\u00e9\",\"\\ud83d\\ude00\",\"\uD83D\uDE00\",\"\\ud800\","
						+ "\"x\\udc00y\",\"\\\"\\\\\\/\\b\\f\\n\\r\\t\",\"\\u0000\",\"\u4e2d\u6587\",\"\\uffff\"]", "",
						"69bf9e7b695c2e5e08c6850ddf22fd4026c1885e0fbff576573be62d52fd3e05"),
				Arguments.of("objects", "{\"b\":{\"z\":1,\"y\":[{\"d\":1,\"c\":2},{}],\"x\":null},\"a\":[],"
						+ "\"\uFF21\":1,\"\uD83D\uDE00\":2,\"\":3,\"aa\":{\"\\u0061\":true}}", "",
						"64e99dd8cffc8319881132f789bc3ceb9a98a27f374006c496165143477ba7e1"),
				Arguments.of("sorted", "{\"a\":1,\"b\":{\"c\":2,\"d\":[3,{\"e\":4}]}}", "",
						"4f0adda93c405569a6d4f5f51c89b0d6b393865a6a49f4e20bde01d4863ffef2"),
				Arguments.of("ignored", "{\"sentAt\":1,\"items\":[{\"id\":1,\"at\":2},{\"id\":2,\"at\":3}],\"z\":0}",
						"/sentAt,/items/1/at", "220aa727e44f9995bac8153a8c93e1794adbda74f5e1b1a25ee318590cc09c87"),
				Arguments.of("wide", wide(), "", "19d395297757418b560fdf6c6c67ca8ceb6abfbf4800cbf70c640a064accdac4"),
				Arguments.of("deep", "[".repeat(CanonicalJson.MAX_DEPTH - 1) + "{\"b\":1,\"a\":2}"
						+ "]".repeat(CanonicalJson.MAX_DEPTH - 1), "",
						"b078ffa2a64e19c6b6b3b681af639c184555bd98af6fbd8876d9256cb722584b"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("documents")
	void canonicalFormIsStable(String name, String json, String ignored, String sha256) {
		List<CanonicalJson.JsonPointer> pointers = ignored.isEmpty() ? List.of()
				: Stream.of(ignored.split(",")).map(CanonicalJson.JsonPointer::parse).toList();
		ByteSink out = new ByteSink(16);
		assertThat(CanonicalJson.write(json.getBytes(StandardCharsets.UTF_8), pointers, out)).isTrue();
		assertThat(sha256(out.copy(0, out.size()))).isEqualTo(sha256);
	}

	// Objects of many members in random order, nested, with numbers of every shape.
	private static String wide() {
		Random random = new Random(42);
		StringBuilder json = new StringBuilder("[");
		for (int object = 0; object < 20; object++) {
			json.append((object > 0) ? ",{" : "{");
			int members = 1 + random.nextInt(100);
			for (int member = 0; member < members; member++) {
				if (member > 0) {
					json.append(',');
				}
				json.append("\"k").append(members - member).append(random.nextInt(1000)).append("\":");
				switch (random.nextInt(4)) {
					case 0 -> json.append(random.nextInt(2000) - 1000).append('.').append(random.nextInt(100));
					case 1 -> json.append(random.nextLong()).append('e').append(random.nextInt(40) - 20);
					case 2 -> json.append("{\"y\":\"").append(random.nextInt()).append("\",\"x\":[1.0]}");
					default -> json.append("\"v\\u00e9").append(random.nextInt()).append('"');
				}
			}
			json.append('}');
		}
		return json.append(']').toString();
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
