package dev.idempotency.internal.store.jdbc;

import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL. The clock is {@code clock_timestamp()}: {@code now()} stands still for the
 * whole transaction, and {@code complete} may run inside the handler's. A claim is one
 * {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE}, which never raises a constraint
 * violation (that would abort a surrounding transaction) and takes over a record
 * atomically.
 */
final class PostgresDialect extends JdbcDialect {

	// The clock is read once, in the subquery, so that the conflict clause compares the
	// existing row with the very instant the new row was stamped with (EXCLUDED.created_at).
	private static final String CLAIM = """
			INSERT INTO idempotency_record AS r (scope, idempotency_key, fingerprint, fingerprint_algorithm,
				endpoint, status, fencing_token, lease_expires_at, attempt_count, replay_count, created_at, expires_at)
			SELECT :scope, :key, :fingerprint, :algorithm, :endpoint, 'IN_FLIGHT', :token,
				clock.now + CAST(:lease AS DOUBLE PRECISION) * INTERVAL '1 millisecond', 1, 0, clock.now,
				clock.now + CAST(:ttl AS DOUBLE PRECISION) * INTERVAL '1 millisecond'
			FROM (SELECT clock_timestamp() AS now) AS clock
			ON CONFLICT (scope, idempotency_key) DO UPDATE
			SET fingerprint = EXCLUDED.fingerprint, fingerprint_algorithm = EXCLUDED.fingerprint_algorithm,
				endpoint = EXCLUDED.endpoint, status = 'IN_FLIGHT', fencing_token = EXCLUDED.fencing_token,
				lease_expires_at = EXCLUDED.lease_expires_at, response_status = NULL, response_headers = NULL,
				response_body = NULL, response_body_mode = NULL, outcome_hash = NULL,
				attempt_count = CASE WHEN r.expires_at <= EXCLUDED.created_at THEN 1 ELSE r.attempt_count + 1 END,
				replay_count = 0, created_at = EXCLUDED.created_at, completed_at = NULL,
				expires_at = EXCLUDED.expires_at
			WHERE r.expires_at <= EXCLUDED.created_at
				OR (r.status = 'IN_FLIGHT' AND r.lease_expires_at <= EXCLUDED.created_at
					AND r.fingerprint = EXCLUDED.fingerprint
					AND r.fingerprint_algorithm = EXCLUDED.fingerprint_algorithm)
			RETURNING r.attempt_count
			""";

	// SKIP LOCKED leaves rows that a reservation or a transactional completion holds.
	private static final String DELETE_EXPIRED_BATCH = """
			DELETE FROM idempotency_record
			WHERE (scope, idempotency_key) IN (
				SELECT scope, idempotency_key FROM idempotency_record
				WHERE %1$s
				LIMIT :batchSize
				FOR UPDATE SKIP LOCKED)
			AND %1$s
			""".formatted(REAPABLE);

	@Override
	String name() {
		return "PostgreSQL";
	}

	@Override
	String migrationFolder() {
		return "postgresql";
	}

	@Override
	String flywayModule() {
		return "org.flywaydb:flyway-database-postgresql";
	}

	@Override
	String flywayModuleClass() {
		return "org.flywaydb.database.postgresql.PostgreSQLDatabaseType";
	}

	@Override
	String now() {
		return "clock_timestamp()";
	}

	@Override
	String nowPlus(String millisParameter) {
		return "(clock_timestamp() + CAST(" + millisParameter + " AS DOUBLE PRECISION) * INTERVAL '1 millisecond')";
	}

	@Override
	Claim claim(JdbcClient jdbc, Map<String, Object> parameters) {
		Optional<Integer> attempts = jdbc.sql(CLAIM).params(parameters).query(Integer.class).optional();
		if (attempts.isEmpty()) {
			return Claim.REFUSED;
		}
		return (attempts.get() > 1) ? Claim.TAKEN_OVER : Claim.RESERVED;
	}

	@Override
	boolean updateReturnsRows() {
		return true;
	}

	@Override
	String deleteExpiredBatch() {
		return render(DELETE_EXPIRED_BATCH);
	}

}
