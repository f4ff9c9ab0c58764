package dev.idempotency.internal.store.jdbc;

import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * H2. The clock is {@code CURRENT_TIMESTAMP}, which H2 fixes per statement (in its
 * PostgreSQL compatibility mode, per transaction). A claim tries the insert, and on a
 * duplicate key replaces an expired record or takes over a dead lease, each with one
 * conditional {@code UPDATE}: H2 rolls back only the failed statement, never the
 * surrounding transaction.
 */
final class H2Dialect extends JdbcDialect {

	private static final String REPLACE_EXPIRED = """
			UPDATE idempotency_record
			SET fingerprint = :fingerprint, fingerprint_algorithm = :algorithm, endpoint = :endpoint,
				status = 'IN_FLIGHT', fencing_token = :token, lease_expires_at = <now + :lease>,
				response_status = NULL, response_headers = NULL, response_body = NULL, response_body_mode = NULL,
				outcome_hash = NULL, attempt_count = 1, replay_count = 0, created_at = <now>, completed_at = NULL,
				expires_at = <now + :ttl>
			WHERE scope = :scope AND idempotency_key = :key AND expires_at <= <now>
			""";

	private static final String TAKE_OVER = """
			UPDATE idempotency_record
			SET endpoint = :endpoint, fencing_token = :token, lease_expires_at = <now + :lease>,
				attempt_count = attempt_count + 1, created_at = <now>, expires_at = <now + :ttl>
			WHERE scope = :scope AND idempotency_key = :key AND status = 'IN_FLIGHT'
				AND lease_expires_at <= <now> AND expires_at > <now>
				AND fingerprint = :fingerprint AND fingerprint_algorithm = :algorithm
			""";

	private static final String DELETE_EXPIRED_BATCH = "DELETE FROM idempotency_record WHERE " + REAPABLE
			+ " FETCH FIRST :batchSize ROWS ONLY";

	private final String insert = render(INSERT);

	private final String replaceExpired = render(REPLACE_EXPIRED);

	private final String takeOver = render(TAKE_OVER);

	@Override
	String name() {
		return "H2";
	}

	@Override
	String migrationFolder() {
		return "h2";
	}

	@Override
	String flywayModule() {
		return null;
	}

	@Override
	String flywayModuleClass() {
		return null;
	}

	@Override
	String now() {
		return "CURRENT_TIMESTAMP";
	}

	@Override
	String nowPlus(String millisParameter) {
		return "DATEADD(MILLISECOND, CAST(" + millisParameter + " AS BIGINT), CURRENT_TIMESTAMP)";
	}

	@Override
	Claim claim(JdbcClient jdbc, Map<String, Object> parameters) {
		try {
			jdbc.sql(this.insert).params(parameters).update();
			return Claim.RESERVED;
		}
		catch (DuplicateKeyException ex) {
			// The key exists: fall through to the conditional updates.
		}
		if (jdbc.sql(this.replaceExpired).params(parameters).update() == 1) {
			return Claim.RESERVED;
		}
		if (jdbc.sql(this.takeOver).params(parameters).update() == 1) {
			return Claim.TAKEN_OVER;
		}
		return Claim.REFUSED;
	}

	@Override
	String deleteExpiredBatch() {
		return render(DELETE_EXPIRED_BATCH);
	}

}
