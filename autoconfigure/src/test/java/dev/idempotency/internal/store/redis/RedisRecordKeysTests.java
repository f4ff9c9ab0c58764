package dev.idempotency.internal.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.idempotency.store.RecordKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Record keys map to Redis keys one to one.
 */
class RedisRecordKeysTests {

	private final RedisRecordKeys keys = new RedisRecordKeys("idempotency:");

	@Test
	void namesTheScopeLengthInUtf8Bytes() {
		assertThat(name(new RecordKey("alice", "k-1"))).isEqualTo("idempotency:5:alice:k-1");
		assertThat(name(new RecordKey("J\u00f6ns", "k"))).isEqualTo("idempotency:5:J\u00f6ns:k");
		assertThat(name(new RecordKey("", ""))).isEqualTo("idempotency:0::");
	}

	@Test
	void scopesAndKeysThatShareCharactersNeverMeet() {
		List<RecordKey> records = List.of(new RecordKey("x", "a:b"), new RecordKey("x:a", "b"),
				new RecordKey("x:a:b", ""), new RecordKey("", "x:a:b"), new RecordKey("1:x", "a:b"),
				new RecordKey("x", "1:x:a:b"), new RecordKey("3:x:a", "b"), new RecordKey("\u00e9", "a"),
				new RecordKey("e\u0301", "a"));
		Set<String> names = new HashSet<>();
		for (RecordKey record : records) {
			names.add(name(record));
		}
		assertThat(names).hasSameSizeAs(records);
	}

	@Test
	void refusesAScopeThatIsNotUnicode() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.keys.redisKey(new RecordKey("a\ud800", "k")))
			.withMessageContaining("scope");
	}

	private String name(RecordKey key) {
		return new String(this.keys.redisKey(key), StandardCharsets.UTF_8);
	}

}
