package dev.idempotency.internal.store.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.idempotency.internal.store.FencingTokens;
import dev.idempotency.store.Fingerprint;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyRecord.Status;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.Reservation;
import dev.idempotency.store.ReservationRequest;
import dev.idempotency.store.ReservationResult;
import dev.idempotency.store.StoreUnavailableException;
import dev.idempotency.store.StoredResponse;
import io.lettuce.core.ScriptOutputType;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Records in Redis, one hash per record, each operation one Lua script on that one key
 * (so it works on Redis Cluster).
 * <p>
 * The scripts read the time from Redis ({@code TIME}), so leases and expiry follow one
 * clock whatever the callers' clocks say. Redis removes a record itself when it expires
 * ({@code PEXPIREAT}): an in-flight record {@code ttl} after its reservation, a
 * completed one {@code ttl} after its completion. A record removed by other means (a
 * flush, a failover that lost it, an eviction under memory pressure) is simply absent:
 * the next request with its key runs the handler again, and its former owner's
 * completion is refused.
 * <p>
 * Each call waits for Redis at most the timeout given here, independent of the
 * connection factory's own command timeout, and turns any failure or timeout into
 * {@link StoreUnavailableException}. Stored responses are kept in the versioned binary
 * form of {@link ResponseCodec}. The hash of a record holds {@code version},
 * {@code status}, {@code algorithm}, {@code fingerprint}, {@code endpoint},
 * {@code token}, {@code created_at}, {@code lease_expires_at} (while in flight),
 * {@code completed_at}, {@code expires_at} (milliseconds since the epoch, Redis time),
 * {@code attempts}, {@code replays} and {@code response}.
 */
public final class RedisIdempotencyStore implements IdempotencyStore, AutoCloseable {

	private static final String RECORD_VERSION = "1";

	private final RedisRecordKeys keys;

	private final LettuceScriptRunner scripts;

	/**
	 * Create a store on the application's Lettuce connection factory. It starts to
	 * connect in the background at once if the factory is running, else on first use.
	 * @param connectionFactory the factory whose native connection the store uses
	 * @param keyPrefix the start of every Redis key the store writes
	 * @param timeout how long each call waits for Redis
	 */
	public RedisIdempotencyStore(LettuceConnectionFactory connectionFactory, String keyPrefix, Duration timeout) {
		this.keys = new RedisRecordKeys(keyPrefix);
		this.scripts = new LettuceScriptRunner(connectionFactory, timeout);
	}

	@Override
	public ReservationResult reserve(ReservationRequest request) {
		return reserve(request, FencingTokens.next());
	}

	/**
	 * Reserve with a fencing token chosen by the caller, so that the tiered store can
	 * give one reservation the same token in Redis and in the database.
	 * @param request what to reserve
	 * @param token the fencing token of the new reservation, if one is made
	 * @return the outcome, as {@link #reserve(ReservationRequest)} answers it
	 */
	public ReservationResult reserve(ReservationRequest request, long token) {
		List<Object> answer = this.scripts.run(StoreScript.RESERVE, ScriptOutputType.MULTI,
				this.keys.redisKey(request.key()), text(Long.toString(token)),
				text(request.fingerprint().algorithm()), text(request.fingerprint().value()), text(request.endpoint()),
				millis(request.lease()), millis(request.ttl()));
		String outcome = string(answer, 0);
		switch (outcome) {
			case "reserved":
				return new ReservationResult.Reserved(new Reservation(request.key(), token), number(answer, 1) == 1);
			case "in-progress":
				return new ReservationResult.InProgress(new Fingerprint(string(answer, 1), string(answer, 2)),
						Duration.ofMillis(number(answer, 3)));
			case "completed":
				return new ReservationResult.Completed(new Fingerprint(string(answer, 1), string(answer, 2)),
						response(bytes(answer, 3)));
			default:
				throw new StoreUnavailableException("Redis answered the reserve script with '" + outcome + "'");
		}
	}

	@Override
	public boolean complete(Reservation reservation, StoredResponse response, Duration ttl) {
		return ownerScript(StoreScript.COMPLETE, reservation, millis(ttl), ResponseCodec.encode(response));
	}

	@Override
	public boolean release(Reservation reservation) {
		return ownerScript(StoreScript.RELEASE, reservation);
	}

	@Override
	public boolean extendLease(Reservation reservation, Duration lease) {
		return ownerScript(StoreScript.EXTEND, reservation, millis(lease));
	}

	@Override
	public Optional<IdempotencyRecord> find(RecordKey key) {
		List<Object> answer = this.scripts.run(StoreScript.FIND, ScriptOutputType.MULTI, this.keys.redisKey(key));
		if (answer.isEmpty()) {
			return Optional.empty();
		}
		Map<String, byte[]> fields = new HashMap<>();
		for (int i = 0; i + 1 < answer.size(); i += 2) {
			fields.put(string(answer, i), bytes(answer, i + 1));
		}
		return Optional.of(record(key, fields));
	}

	@Override
	public boolean evict(RecordKey key) {
		Long removed = this.scripts.run(StoreScript.EVICT, ScriptOutputType.INTEGER, this.keys.redisKey(key));
		return removed != null && removed == 1;
	}

	/**
	 * Stop using the connection. The connection factory stays as it is.
	 */
	@Override
	public void close() {
		this.scripts.close();
	}

	private boolean ownerScript(StoreScript script, Reservation reservation, byte[]... args) {
		byte[][] all = new byte[args.length + 1][];
		all[0] = text(Long.toString(reservation.fencingToken()));
		System.arraycopy(args, 0, all, 1, args.length);
		Long done = this.scripts.run(script, ScriptOutputType.INTEGER, this.keys.redisKey(reservation.key()), all);
		return done != null && done == 1;
	}

	private static IdempotencyRecord record(RecordKey key, Map<String, byte[]> fields) {
		try {
			String version = field(fields, "version");
			if (!RECORD_VERSION.equals(version)) {
				throw new IllegalArgumentException("it has the unknown format version " + version);
			}
			Status status = switch (field(fields, "status")) {
				case "in-flight" -> Status.IN_FLIGHT;
				case "completed" -> Status.COMPLETED;
				default -> throw new IllegalArgumentException("it has an unknown status");
			};
			boolean completed = status == Status.COMPLETED;
			return new IdempotencyRecord(key, status,
					new Fingerprint(field(fields, "algorithm"), field(fields, "fingerprint")),
					field(fields, "endpoint"), instant(fields, "created_at"),
					completed ? null : instant(fields, "lease_expires_at"),
					completed ? instant(fields, "completed_at") : null, instant(fields, "expires_at"),
					Integer.parseInt(field(fields, "attempts")), Long.parseLong(field(fields, "replays")),
					completed ? ResponseCodec.decode(required(fields, "response")) : null);
		}
		catch (IllegalArgumentException ex) {
			throw new StoreUnavailableException("An idempotency record in Redis cannot be read: " + ex.getMessage(),
					ex);
		}
	}

	private static StoredResponse response(byte[] encoded) {
		try {
			return ResponseCodec.decode(encoded);
		}
		catch (IllegalArgumentException ex) {
			throw new StoreUnavailableException("A stored response in Redis cannot be read: " + ex.getMessage(), ex);
		}
	}

	private static String field(Map<String, byte[]> fields, String name) {
		return new String(required(fields, name), StandardCharsets.UTF_8);
	}

	private static byte[] required(Map<String, byte[]> fields, String name) {
		byte[] value = fields.get(name);
		if (value == null) {
			throw new IllegalArgumentException("it has no " + name);
		}
		return value;
	}

	private static Instant instant(Map<String, byte[]> fields, String name) {
		return Instant.ofEpochMilli(Long.parseLong(field(fields, name)));
	}

	private static byte[] text(String value) {
		return Utf8.encode(value, "text sent to Redis");
	}

	private static byte[] millis(Duration duration) {
		// Rounded up, so that a positive duration never becomes zero.
		long millis = duration.toMillis() + ((duration.toNanosPart() % 1_000_000 > 0) ? 1 : 0);
		return Long.toString(millis).getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] bytes(List<Object> answer, int index) {
		if (index < answer.size() && answer.get(index) instanceof byte[] bytes) {
			return bytes;
		}
		throw unexpected(answer, index);
	}

	private static StoreUnavailableException unexpected(List<Object> answer, int index) {
		return new StoreUnavailableException("Redis answered a store script with an unexpected reply (element "
				+ index + " of " + answer.size() + ")");
	}

	private static String string(List<Object> answer, int index) {
		return new String(bytes(answer, index), StandardCharsets.UTF_8);
	}

	private static long number(List<Object> answer, int index) {
		if (index < answer.size() && answer.get(index) instanceof Long number) {
			return number;
		}
		throw unexpected(answer, index);
	}

}
