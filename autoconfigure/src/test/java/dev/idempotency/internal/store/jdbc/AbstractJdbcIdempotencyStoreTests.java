package dev.idempotency.internal.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.internal.store.jdbc.JdbcSchemaInitializer.Mode;
import dev.idempotency.store.AbstractIdempotencyStoreContractTests;
import dev.idempotency.store.Fingerprint;
import dev.idempotency.store.IdempotencyRecord.Status;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.Reservation;
import dev.idempotency.store.ReservationResult.Completed;
import dev.idempotency.store.ReservationResult.InProgress;
import dev.idempotency.store.ReservationResult.Reserved;
import dev.idempotency.store.StoredResponse;
import dev.idempotency.test.TestServices.IsolatedDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDBC store on one database: the store contract, and what is particular to SQL
 * (exact key comparison, sharing between instances, joining the caller's transaction,
 * the reaper's statements). A subclass supplies the database.
 */
abstract class AbstractJdbcIdempotencyStoreTests extends AbstractIdempotencyStoreContractTests {

	private static final Fingerprint FINGERPRINT = new Fingerprint("v1-sha256", "d".repeat(64));

	private IsolatedDatabase database;

	private DataSource dataSource;

	/**
	 * Create a database of its own for one test.
	 * @return the database
	 */
	protected abstract IsolatedDatabase createDatabase();

	/**
	 * The data source the store uses: a pool, unless a subclass wants a new connection
	 * per statement.
	 * @param database the database
	 * @return the data source
	 */
	protected DataSource createDataSource(IsolatedDatabase database) {
		return pooled(database.url());
	}

	@Override
	protected IdempotencyStore createStore() {
		this.database = createDatabase();
		this.dataSource = createDataSource(this.database);
		new JdbcSchemaInitializer(this.dataSource, Mode.MIGRATE, getClass().getClassLoader()).initialize();
		return new JdbcIdempotencyStore(this.dataSource);
	}

	@Override
	protected void destroyStore(IdempotencyStore store) {
		if (this.dataSource instanceof HikariDataSource pool) {
			pool.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	protected final JdbcIdempotencyStore jdbcStore() {
		return (JdbcIdempotencyStore) store();
	}

	protected final DataSource dataSource() {
		return this.dataSource;
	}

	@Test
	void keysThatDifferOnlyInCaseAreDifferentKeys() {
		Reservation lower = reserve(key("payment-abc"), FINGERPRINT, LONG);
		assertThat(store().complete(lower, sampleResponse(), LONG)).isTrue();
		assertThat(store().reserve(request(key("PAYMENT-ABC"), FINGERPRINT, LONG, LONG))).isInstanceOf(Reserved.class);
		assertThat(store().reserve(request(key("Payment-Abc"), FINGERPRINT, LONG, LONG))).isInstanceOf(Reserved.class);
		assertThat(store().find(key("payment-abc")))
			.hasValueSatisfying((record) -> assertThat(record.status()).isEqualTo(Status.COMPLETED));
	}

	@Test
	void trailingSpacesInKeysAndScopesAreSignificant() {
		Reservation plain = reserve(key("a"), FINGERPRINT, LONG);
		assertThat(store().complete(plain, sampleResponse(), LONG)).isTrue();
		assertThat(store().reserve(request(key("a "), FINGERPRINT, LONG, LONG))).isInstanceOf(Reserved.class);
		assertThat(store().reserve(request(key("a  "), FINGERPRINT, LONG, LONG))).isInstanceOf(Reserved.class);
		RecordKey spacedScope = new RecordKey(key("a").scope() + " ", "a");
		assertThat(store().reserve(request(spacedScope, FINGERPRINT, LONG, LONG))).isInstanceOf(Reserved.class);
		assertThat(store().find(key("a "))).hasValueSatisfying((record) -> {
			assertThat(record.key()).isEqualTo(key("a "));
			assertThat(record.status()).isEqualTo(Status.IN_FLIGHT);
		});
		assertThat(store().find(key("a")))
			.hasValueSatisfying((record) -> assertThat(record.status()).isEqualTo(Status.COMPLETED));
	}

	@Test
	void scopesThatDifferOnlyInCaseAreDifferentScopes() {
		RecordKey alice = new RecordKey(key("k").scope() + "-alice", "k");
		RecordKey shoutingAlice = new RecordKey(key("k").scope() + "-ALICE", "k");
		Reservation reservation = reserve(alice, FINGERPRINT, LONG);
		assertThat(store().complete(reservation, sampleResponse(), LONG)).isTrue();
		assertThat(store().reserve(request(shoutingAlice, FINGERPRINT, LONG, LONG))).isInstanceOf(Reserved.class);
	}

	@Test
	void longestScopesAndKeysFit() {
		RecordKey longest = new RecordKey((key("k").scope() + "\u6771".repeat(255)).substring(0, 255), "k".repeat(255));
		Reservation reservation = reserve(longest, FINGERPRINT, LONG);
		assertThat(store().complete(reservation, sampleResponse(), LONG)).isTrue();
		assertThat(completedResponse(longest)).isEqualTo(sampleResponse());
	}

	@Test
	void twoStoreInstancesOnOneDatabaseSeeEachOthersRecords() {
		try (HikariDataSource otherDataSource = pooled(this.database.url())) {
			JdbcIdempotencyStore other = new JdbcIdempotencyStore(otherDataSource);
			Reservation reservation = reserve(key("shared"), FINGERPRINT, LONG);
			assertThat(other.reserve(request(key("shared"), FINGERPRINT, LONG, LONG))).isInstanceOf(InProgress.class);
			assertThat(store().complete(reservation, sampleResponse(), LONG)).isTrue();
			assertThat(other.reserve(request(key("shared"), FINGERPRINT, LONG, LONG))).isInstanceOfSatisfying(
					Completed.class, (completed) -> assertThat(completed.response()).isEqualTo(sampleResponse()));
			assertThat(other.find(key("shared"))).hasValueSatisfying((record) -> assertThat(record.replays()).isOne());
			assertThat(other.evict(key("shared"))).isTrue();
			assertThat(store().find(key("shared"))).isEmpty();
		}
	}

	@Test
	void aCompletionInATransactionThatRollsBackLeavesTheRecordInFlight() {
		createBusinessTable();
		Reservation reservation = reserve(key("tx"), FINGERPRINT, LONG);
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		transaction.executeWithoutResult((status) -> {
			JdbcClient.create(this.dataSource).sql("INSERT INTO business_write (id) VALUES (1)").update();
			assertThat(store().complete(reservation, sampleResponse(), LONG)).isTrue();
			status.setRollbackOnly();
		});
		assertThat(businessWrites()).isZero();
		assertThat(store().find(key("tx"))).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(Status.IN_FLIGHT);
			assertThat(record.response()).isNull();
		});
		assertThat(store().reserve(request(key("tx"), FINGERPRINT, LONG, LONG))).isInstanceOf(InProgress.class);
		assertThat(store().complete(reservation, sampleResponse(), LONG)).isTrue();
	}

	@Test
	void aCompletionInATransactionCommitsWithTheBusinessWrite() {
		createBusinessTable();
		Reservation reservation = reserve(key("tx"), FINGERPRINT, LONG);
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		transaction.executeWithoutResult((status) -> {
			JdbcClient.create(this.dataSource).sql("INSERT INTO business_write (id) VALUES (1)").update();
			assertThat(store().complete(reservation, sampleResponse(), LONG)).isTrue();
			// Not visible to others before the commit.
			try (HikariDataSource otherDataSource = pooled(this.database.url())) {
				JdbcIdempotencyStore other = new JdbcIdempotencyStore(otherDataSource);
				assertThat(other.find(key("tx")))
					.hasValueSatisfying((record) -> assertThat(record.status()).isEqualTo(Status.IN_FLIGHT));
			}
		});
		assertThat(businessWrites()).isOne();
		assertThat(completedResponse(key("tx"))).isEqualTo(sampleResponse());
	}

	@Test
	void aStaleCompletionInATransactionIsRefused() {
		Reservation first = reserve(key("tx"), FINGERPRINT, SHORT);
		elapse(SHORT.plusMillis(300));
		Reservation second = reserve(key("tx"), FINGERPRINT, LONG);
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		Boolean completed = transaction.execute((status) -> store().complete(first, sampleResponse(), LONG));
		assertThat(completed).isFalse();
		assertThat(store().complete(second, sampleResponse(), LONG)).isTrue();
	}

	@Test
	void storesTheOutcomeHashAndCounts() {
		Reservation reservation = reserve(key("audit"), FINGERPRINT, LONG);
		StoredResponse response = sampleResponse();
		assertThat(store().complete(reservation, response, LONG)).isTrue();
		Map<String, Object> row = JdbcClient.create(this.dataSource)
			.sql("SELECT outcome_hash, attempt_count, replay_count, response_headers FROM idempotency_record")
			.query()
			.singleRow();
		assertThat(row).containsEntry(column(row, "outcome_hash"),
				JdbcIdempotencyStore.outcomeHash(201, response.body()));
		assertThat(((Number) row.get(column(row, "attempt_count"))).intValue()).isOne();
		assertThat(((Number) row.get(column(row, "replay_count"))).intValue()).isZero();
		assertThat(String.valueOf(row.get(column(row, "response_headers")))).isEqualTo(
				"Content-Type: application/json\nLocation: /payments/42\nX-Multi: one\nX-Multi: two\n");
	}

	@Test
	void headersWithLineBreaksAndBackslashesSurviveTheRoundTrip() {
		StoredResponse response = StoredResponse.of(200,
				Map.of("X-Odd", List.of("a\r\nb", "back\\slash", "tab\there", "", "caf\u00e9 \u00ff")),
				"x".getBytes(StandardCharsets.UTF_8));
		Reservation reservation = reserve(key("odd"), FINGERPRINT, LONG);
		assertThat(store().complete(reservation, response, LONG)).isTrue();
		assertThat(completedResponse(key("odd"))).isEqualTo(response);
	}

	@Test
	void theReaperDeletesExpiredRecordsButNeverALiveLease() {
		Reservation completedShort = reserve(key("completed-expired"), FINGERPRINT, SHORT, SHORT);
		assertThat(store().complete(completedShort, sampleResponse(), SHORT)).isTrue();
		reserve(key("abandoned"), FINGERPRINT, SHORT, SHORT);
		Reservation stillRunning = reserve(key("running-past-expiry"), FINGERPRINT, SHORT, SHORT);
		assertThat(store().extendLease(stillRunning, LONG)).isTrue();
		Reservation completedLong = reserve(key("completed-live"), FINGERPRINT, LONG);
		assertThat(store().complete(completedLong, sampleResponse(), LONG)).isTrue();
		reserve(key("in-flight-live"), FINGERPRINT, LONG);
		reserve(key("dead-lease-live-record"), FINGERPRINT, SHORT, LONG);
		elapse(SHORT.plusMillis(300));
		assertThat(new JdbcRecordReaper(jdbcStore(), Duration.ofMinutes(1), 100).reap()).isEqualTo(2);
		assertThat(rowCount()).isEqualTo(4);
		assertThat(store().find(key("completed-live"))).isPresent();
		assertThat(store().find(key("in-flight-live"))).isPresent();
		assertThat(store().find(key("dead-lease-live-record"))).isPresent();
		assertThat(new JdbcRecordReaper(jdbcStore(), Duration.ofMinutes(1), 100).reap()).isZero();
	}

	@Test
	void theReaperDeletesInBatchesUntilABatchComesBackShort() {
		for (int i = 0; i < 5; i++) {
			Reservation reservation = reserve(key("expired-" + i), FINGERPRINT, SHORT, SHORT);
			assertThat(store().complete(reservation, sampleResponse(), SHORT)).isTrue();
		}
		reserve(key("live"), FINGERPRINT, LONG);
		elapse(SHORT.plusMillis(300));
		assertThat(jdbcStore().deleteExpired(2)).isEqualTo(2);
		assertThat(rowCount()).isEqualTo(4);
		assertThat(new JdbcRecordReaper(jdbcStore(), Duration.ofMinutes(1), 2).reap()).isEqualTo(3);
		assertThat(rowCount()).isOne();
	}

	@Test
	void anExpiredRecordIsReplacedBeforeTheReaperComes() {
		Reservation first = reserve(key("k"), FINGERPRINT, SHORT, SHORT);
		assertThat(store().complete(first, sampleResponse(), SHORT)).isTrue();
		elapse(SHORT.plusMillis(300));
		assertThat(rowCount()).isOne();
		assertThat(store().evict(key("k"))).isFalse();
		Reservation second = reserve(key("k"), FINGERPRINT, LONG);
		assertThat(store().find(key("k"))).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(Status.IN_FLIGHT);
			assertThat(record.attempts()).isOne();
			assertThat(record.replays()).isZero();
			assertThat(record.response()).isNull();
			assertThat(record.completedAt()).isNull();
		});
		assertThat(store().complete(first, sampleResponse(), LONG)).isFalse();
		assertThat(store().complete(second, sampleResponse(), LONG)).isTrue();
	}

	private void createBusinessTable() {
		JdbcClient.create(this.dataSource).sql("CREATE TABLE business_write (id INT PRIMARY KEY)").update();
	}

	private long businessWrites() {
		return JdbcClient.create(this.dataSource)
			.sql("SELECT COUNT(*) FROM business_write")
			.query(Long.class)
			.single();
	}

	private long rowCount() {
		return JdbcClient.create(this.dataSource)
			.sql("SELECT COUNT(*) FROM idempotency_record")
			.query(Long.class)
			.single();
	}

	// Column labels come back upper case from H2.
	private static String column(Map<String, Object> row, String name) {
		return row.keySet().stream().filter(name::equalsIgnoreCase).findFirst().orElse(name);
	}

	static HikariDataSource pooled(String url) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setMaximumPoolSize(20);
		dataSource.setMinimumIdle(0);
		return dataSource;
	}

}
