package dev.idempotency.internal.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * MySQL and MariaDB. Times are {@code DATETIME(6)} in UTC from {@code UTC_TIMESTAMP(6)},
 * which both fix per statement. Scope and key are {@code VARBINARY} columns bound as
 * UTF-8 bytes, so that they compare byte for byte on both servers (their text collations
 * that ignore neither case nor trailing spaces differ between the two).
 * <p>
 * A claim is one {@code INSERT ... ON DUPLICATE KEY UPDATE}, which locks the existing
 * row instead of raising a duplicate-key error. Its assignments run left to right, each
 * seeing the ones before: the first sets the new fencing token only if the row may be
 * claimed, and every later one changes its column only if the token is now the new one.
 */
final class MySqlDialect extends JdbcDialect {

	private static final String CLAIMABLE = """
			(expires_at <= <now> OR (status = 'IN_FLIGHT' AND lease_expires_at <= <now>
				AND fingerprint = :fingerprint AND fingerprint_algorithm = :algorithm))""";

	private static final String CLAIM = INSERT + """
			ON DUPLICATE KEY UPDATE
				fencing_token = IF(%s, :token, fencing_token),
				attempt_count = IF(fencing_token = :token, IF(expires_at <= <now>, 1, attempt_count + 1), attempt_count),
				fingerprint = IF(fencing_token = :token, :fingerprint, fingerprint),
				fingerprint_algorithm = IF(fencing_token = :token, :algorithm, fingerprint_algorithm),
				endpoint = IF(fencing_token = :token, :endpoint, endpoint),
				status = IF(fencing_token = :token, 'IN_FLIGHT', status),
				lease_expires_at = IF(fencing_token = :token, <now + :lease>, lease_expires_at),
				response_status = IF(fencing_token = :token, NULL, response_status),
				response_headers = IF(fencing_token = :token, NULL, response_headers),
				response_body = IF(fencing_token = :token, NULL, response_body),
				response_body_mode = IF(fencing_token = :token, NULL, response_body_mode),
				outcome_hash = IF(fencing_token = :token, NULL, outcome_hash),
				replay_count = IF(fencing_token = :token, 0, replay_count),
				created_at = IF(fencing_token = :token, <now>, created_at),
				completed_at = IF(fencing_token = :token, NULL, completed_at),
				expires_at = IF(fencing_token = :token, <now + :ttl>, expires_at)
			""".formatted(CLAIMABLE);

	private static final String CLAIMED = """
			SELECT attempt_count FROM idempotency_record
			WHERE scope = :scope AND idempotency_key = :key AND fencing_token = :token
			""";

	private static final String DELETE_EXPIRED_BATCH = "DELETE FROM idempotency_record WHERE " + REAPABLE
			+ " LIMIT :batchSize";

	private final String name;

	private final String claim = render(CLAIM);

	MySqlDialect(String name) {
		this.name = name;
	}

	@Override
	String name() {
		return this.name;
	}

	@Override
	String migrationFolder() {
		return "mysql";
	}

	@Override
	String flywayModule() {
		return "org.flywaydb:flyway-mysql";
	}

	@Override
	String flywayModuleClass() {
		return "org.flywaydb.database.mysql.MySQLDatabaseType";
	}

	@Override
	String now() {
		return "UTC_TIMESTAMP(6)";
	}

	@Override
	String nowPlus(String millisParameter) {
		return "TIMESTAMPADD(MICROSECOND, CAST(" + millisParameter + " AS SIGNED) * 1000, UTC_TIMESTAMP(6))";
	}

	@Override
	Object text(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	Instant instant(ResultSet resultSet, String column) throws SQLException {
		LocalDateTime value = resultSet.getObject(column, LocalDateTime.class);
		return (value != null) ? value.toInstant(ZoneOffset.UTC) : null;
	}

	@Override
	Claim claim(JdbcClient jdbc, Map<String, Object> parameters) {
		// The affected-row count cannot tell a claim from a refusal (drivers report found
		// rows or changed rows depending on their settings), so read the token back.
		jdbc.sql(this.claim).params(parameters).update();
		return jdbc.sql(CLAIMED)
			.params(parameters)
			.query(Integer.class)
			.optional()
			.map((attempts) -> (attempts > 1) ? Claim.TAKEN_OVER : Claim.RESERVED)
			.orElse(Claim.REFUSED);
	}

	@Override
	String deleteExpiredBatch() {
		return render(DELETE_EXPIRED_BATCH);
	}

}
