package dev.idempotency.internal.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.idempotency.internal.store.FencingTokens;
import dev.idempotency.internal.store.JoinsTransactions;
import dev.idempotency.internal.store.jdbc.JdbcDialect.Claim;
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
import dev.idempotency.store.StoredResponse.BodyMode;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Idempotency records in the {@code idempotency_record} table of a relational database:
 * PostgreSQL, MySQL, MariaDB or H2, each through a small {@link JdbcDialect} detected from
 * the data source.
 * <p>
 * How the contract of {@link IdempotencyStore} is kept:
 * <ol>
 * <li>The database's clock decides every lease and expiry: statements compute times in
 * SQL from the database's current time and durations passed in milliseconds; the JVM's
 * clock is never read.</li>
 * <li>{@code reserve} claims the key in one atomic statement (or, on H2, one statement per
 * case), then reads the row that replay reads (on PostgreSQL, a completed row with the
 * same fingerprint is counted and read by one {@code UPDATE ... RETURNING} first). If the
 * row changed in between so that it could now be claimed (it was released, expired or
 * its lease ran out), it tries again, a bounded number of times.</li>
 * <li>Each reservation gets a new random positive fencing token. {@code complete},
 * {@code release} and {@code extendLease} change the row only where the token matches,
 * the record is in flight, and it has not expired.</li>
 * <li>Expired rows are treated as absent everywhere; {@link JdbcRecordReaper} deletes
 * them.</li>
 * </ol>
 * Statements run through {@link JdbcClient} on the data source, so they join the caller's
 * Spring-managed transaction when there is one. {@code complete} relies on that in
 * transactional mode: the record is completed by the handler's own transaction and
 * commits or rolls back with it. The other operations are meant to run outside a
 * transaction (where they do, each statement commits on its own).
 */
public final class JdbcIdempotencyStore implements IdempotencyStore, JoinsTransactions {

	/** Longest scope, in UTF-16 code units. */
	static final int MAX_SCOPE_LENGTH = 255;

	/** Longest key, in characters. */
	static final int MAX_KEY_LENGTH = 255;

	private static final int MAX_FINGERPRINT_LENGTH = 255;

	private static final int MAX_ALGORITHM_LENGTH = 64;

	private static final int MAX_ENDPOINT_LENGTH = 512;

	// Each retry follows a change by another request between two statements (a release,
	// an expiry or a lease running out at that very moment), so every retry means another
	// request made progress. Under heavy churn on one key a few in a row happen; twenty
	// means something is wrong.
	private static final int MAX_RESERVE_ATTEMPTS = 20;

	private static final String COLUMNS = """
			fingerprint, fingerprint_algorithm, endpoint, status, fencing_token, lease_expires_at,
				response_status, response_headers, response_body, response_body_mode, attempt_count, replay_count,
				created_at, completed_at, expires_at, <now> AS db_now
			""";

	private static final String SELECT = "SELECT " + COLUMNS + """
			FROM idempotency_record
			WHERE scope = :scope AND idempotency_key = :key AND expires_at > <now>
			""";

	// A retry of a completed request, counted and read in one round trip, where the
	// database returns what an UPDATE changed.
	private static final String COUNT_REPLAY_RETURNING = """
			UPDATE idempotency_record SET replay_count = replay_count + 1
			WHERE scope = :scope AND idempotency_key = :key AND status = 'COMPLETED' AND fingerprint = :fingerprint
				AND fingerprint_algorithm = :algorithm AND expires_at > <now>
			RETURNING
			""" + COLUMNS;

	private static final String COUNT_REPLAY = """
			UPDATE idempotency_record SET replay_count = replay_count + 1
			WHERE scope = :scope AND idempotency_key = :key AND fencing_token = :token AND status = 'COMPLETED'
				AND expires_at > <now>
			""";

	private static final String OWNED = """
			scope = :scope AND idempotency_key = :key AND fencing_token = :token AND status = 'IN_FLIGHT'
				AND expires_at > <now>""";

	private static final String COMPLETE = """
			UPDATE idempotency_record
			SET status = 'COMPLETED', lease_expires_at = NULL, response_status = :status,
				response_headers = :headers, response_body = :body, response_body_mode = :bodyMode,
				outcome_hash = :outcomeHash, completed_at = <now>, expires_at = <now + :ttl>
			WHERE
			""" + OWNED;

	private static final String RELEASE = "DELETE FROM idempotency_record WHERE " + OWNED;

	// A record must not expire under a live lease, so its lifetime grows with the lease.
	private static final String EXTEND_LEASE = """
			UPDATE idempotency_record
			SET lease_expires_at = <now + :lease>, expires_at = GREATEST(expires_at, <now + :lease>)
			WHERE
			""" + OWNED;

	private static final String EVICT = """
			DELETE FROM idempotency_record
			WHERE scope = :scope AND idempotency_key = :key AND expires_at > <now>
			""";

	private final JdbcClient jdbc;

	private final JdbcDialect dialect;

	private final String select;

	private final String countReplay;

	private final String countReplayReturning;

	private final String complete;

	private final String release;

	private final String extendLease;

	private final String evict;

	private final String deleteExpiredBatch;

	/**
	 * Create a store on a data source whose database has the {@code idempotency_record}
	 * table. Connects once to detect the database.
	 * @param dataSource the data source
	 * @throws IllegalStateException if the database is not supported or cannot be
	 * reached
	 */
	public JdbcIdempotencyStore(DataSource dataSource) {
		this.jdbc = JdbcClient.create(dataSource);
		this.dialect = JdbcDialect.detect(dataSource);
		this.select = this.dialect.render(SELECT);
		this.countReplay = this.dialect.render(COUNT_REPLAY);
		this.countReplayReturning = this.dialect.updateReturnsRows() ? this.dialect.render(COUNT_REPLAY_RETURNING)
				: null;
		this.complete = this.dialect.render(COMPLETE);
		this.release = this.dialect.render(RELEASE);
		this.extendLease = this.dialect.render(EXTEND_LEASE);
		this.evict = this.dialect.render(EVICT);
		this.deleteExpiredBatch = this.dialect.deleteExpiredBatch();
	}

	/**
	 * The database the store runs on.
	 * @return its name, such as {@code PostgreSQL}
	 */
	public String databaseName() {
		return this.dialect.name();
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
		checkKey(request.key());
		Fingerprint fingerprint = request.fingerprint();
		if (fingerprint.value().length() > MAX_FINGERPRINT_LENGTH
				|| fingerprint.algorithm().length() > MAX_ALGORITHM_LENGTH) {
			throw new IllegalArgumentException("A fingerprint may have at most " + MAX_FINGERPRINT_LENGTH
					+ " characters and its algorithm id at most " + MAX_ALGORITHM_LENGTH);
		}
		return translate("reserve a key", () -> {
			for (int attempt = 1; attempt <= MAX_RESERVE_ATTEMPTS; attempt++) {
				Map<String, Object> parameters = keyParameters(request.key());
				parameters.put("fingerprint", fingerprint.value());
				parameters.put("algorithm", fingerprint.algorithm());
				parameters.put("endpoint", truncate(request.endpoint(), MAX_ENDPOINT_LENGTH));
				parameters.put("token", token);
				parameters.put("lease", request.lease().toMillis());
				parameters.put("ttl", request.ttl().toMillis());
				Claim claim = this.dialect.claim(this.jdbc, parameters);
				if (claim != Claim.REFUSED) {
					return new ReservationResult.Reserved(new Reservation(request.key(), token),
							claim == Claim.TAKEN_OVER);
				}
				if (this.countReplayReturning != null) {
					Optional<Row> replayed = this.jdbc.sql(this.countReplayReturning)
						.params(parameters)
						.query(this::row)
						.optional();
					if (replayed.isPresent()) {
						return new ReservationResult.Completed(replayed.get().fingerprint, replayed.get().response);
					}
				}
				ReservationResult existing = existing(request.key(), fingerprint);
				if (existing != null) {
					return existing;
				}
			}
			throw new StoreUnavailableException("The idempotency record of " + request.key()
					+ " kept changing while it was being reserved; gave up after " + MAX_RESERVE_ATTEMPTS + " attempts");
		});
	}

	/**
	 * Answer from the live record that refused a claim.
	 * @return the answer, or {@code null} if the record is gone or could now be claimed
	 */
	private ReservationResult existing(RecordKey key, Fingerprint fingerprint) {
		Row row = read(key).orElse(null);
		if (row == null) {
			return null;
		}
		if (row.status == Status.COMPLETED) {
			if (row.fingerprint.equals(fingerprint)) {
				Map<String, Object> parameters = keyParameters(key);
				parameters.put("token", row.token);
				this.jdbc.sql(this.countReplay).params(parameters).update();
			}
			return new ReservationResult.Completed(row.fingerprint, row.response);
		}
		boolean leaseRanOut = !row.leaseExpiresAt.isAfter(row.now);
		if (leaseRanOut && row.fingerprint.equals(fingerprint)) {
			return null;
		}
		return new ReservationResult.InProgress(row.fingerprint, Duration.between(row.now, row.leaseExpiresAt));
	}

	@Override
	public boolean complete(Reservation reservation, StoredResponse response, Duration ttl) {
		Map<String, Object> parameters = ownerParameters(reservation);
		byte[] body = response.body();
		parameters.put("status", response.status());
		parameters.put("headers", HeaderLines.encode(response.headers()));
		parameters.put("body", body);
		parameters.put("bodyMode", response.bodyMode().name());
		parameters.put("outcomeHash", outcomeHash(response.status(), body));
		parameters.put("ttl", ttl.toMillis());
		return translate("complete a reservation",
				() -> this.jdbc.sql(this.complete).params(parameters).update() == 1);
	}

	@Override
	public boolean release(Reservation reservation) {
		Map<String, Object> parameters = ownerParameters(reservation);
		return translate("release a reservation", () -> this.jdbc.sql(this.release).params(parameters).update() == 1);
	}

	@Override
	public boolean extendLease(Reservation reservation, Duration lease) {
		Map<String, Object> parameters = ownerParameters(reservation);
		parameters.put("lease", lease.toMillis());
		return translate("extend a lease", () -> this.jdbc.sql(this.extendLease).params(parameters).update() == 1);
	}

	@Override
	public Optional<IdempotencyRecord> find(RecordKey key) {
		return translate("find a record", () -> read(key).map((row) -> row.toRecord(key)));
	}

	@Override
	public boolean evict(RecordKey key) {
		Map<String, Object> parameters = keyParameters(key);
		return translate("evict a record", () -> this.jdbc.sql(this.evict).params(parameters).update() > 0);
	}

	/**
	 * How long a live record still has before it expires, by the database's clock.
	 * @param key the record
	 * @return the remaining lifetime, or empty if there is no live record
	 * @throws StoreUnavailableException if the database fails
	 */
	public Optional<Duration> remainingLifetime(RecordKey key) {
		return translate("find a record", () -> read(key).map((row) -> Duration.between(row.now, row.expiresAt)));
	}

	/**
	 * Delete at most {@code batchSize} expired records, none of them in flight with a live
	 * lease.
	 * @param batchSize the most rows to delete
	 * @return how many were deleted
	 * @throws StoreUnavailableException if the database fails
	 */
	int deleteExpired(int batchSize) {
		return translate("delete expired records",
				() -> this.jdbc.sql(this.deleteExpiredBatch).param("batchSize", batchSize).update());
	}

	private Optional<Row> read(RecordKey key) {
		return this.jdbc.sql(this.select).params(keyParameters(key)).query(this::row).optional();
	}

	private Row row(ResultSet resultSet, int rowNumber) throws SQLException {
		Status status = Status.valueOf(resultSet.getString("status"));
		StoredResponse response = null;
		if (status == Status.COMPLETED) {
			byte[] body = resultSet.getBytes("response_body");
			response = new StoredResponse(resultSet.getInt("response_status"),
					HeaderLines.decode(resultSet.getString("response_headers")), body,
					BodyMode.valueOf(resultSet.getString("response_body_mode")));
		}
		return new Row(new Fingerprint(resultSet.getString("fingerprint_algorithm"), resultSet.getString("fingerprint")),
				resultSet.getString("endpoint"), status, resultSet.getLong("fencing_token"),
				this.dialect.instant(resultSet, "created_at"), this.dialect.instant(resultSet, "lease_expires_at"),
				this.dialect.instant(resultSet, "completed_at"), this.dialect.instant(resultSet, "expires_at"),
				resultSet.getInt("attempt_count"), resultSet.getLong("replay_count"), response,
				this.dialect.instant(resultSet, "db_now"));
	}

	private Map<String, Object> keyParameters(RecordKey key) {
		Map<String, Object> parameters = new HashMap<>();
		parameters.put("scope", this.dialect.text(key.scope()));
		parameters.put("key", this.dialect.text(key.key()));
		return parameters;
	}

	private Map<String, Object> ownerParameters(Reservation reservation) {
		Map<String, Object> parameters = keyParameters(reservation.key());
		parameters.put("token", reservation.fencingToken());
		return parameters;
	}

	private <T> T translate(String operation, Supplier<T> work) {
		try {
			return work.get();
		}
		catch (DataAccessException ex) {
			// The driver's message may quote bound values (keys), which must not reach logs.
			throw new StoreUnavailableException("The idempotency store could not " + operation + " in "
					+ this.dialect.name() + ": " + ex.getClass().getSimpleName() + sqlState(ex), ex);
		}
	}

	private static String sqlState(DataAccessException ex) {
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof SQLException sql && sql.getSQLState() != null) {
			return " (SQLState " + sql.getSQLState() + ")";
		}
		return "";
	}

	private static void checkKey(RecordKey key) {
		if (key.scope().length() > MAX_SCOPE_LENGTH) {
			throw new IllegalArgumentException("A scope may have at most " + MAX_SCOPE_LENGTH + " characters");
		}
		if (key.key().length() > MAX_KEY_LENGTH) {
			throw new IllegalArgumentException("A key may have at most " + MAX_KEY_LENGTH + " characters");
		}
	}

	private static String truncate(String text, int length) {
		if (text.length() <= length) {
			return text;
		}
		int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
		return text.substring(0, end);
	}

	/**
	 * The outcome hash: SHA-256 over the status as decimal ASCII digits, a line feed, and
	 * the body bytes, in lowercase hex.
	 */
	static String outcomeHash(int status, byte[] body) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update((status + "\n").getBytes(StandardCharsets.US_ASCII));
			digest.update(body);
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	private record Row(Fingerprint fingerprint, String endpoint, Status status, long token, Instant createdAt,
			Instant leaseExpiresAt, Instant completedAt, Instant expiresAt, int attempts, long replays,
			StoredResponse response, Instant now) {

		IdempotencyRecord toRecord(RecordKey key) {
			return new IdempotencyRecord(key, this.status, this.fingerprint, this.endpoint, this.createdAt,
					this.leaseExpiresAt, this.completedAt, this.expiresAt, this.attempts, this.replays, this.response);
		}

	}

}
