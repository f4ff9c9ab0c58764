package dev.idempotency.internal.store.jdbc;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.internal.store.jdbc.JdbcSchemaInitializer.Mode;
import dev.idempotency.store.Fingerprint;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.ReservationRequest;
import dev.idempotency.store.ReservationResult.Reserved;
import dev.idempotency.store.StoredResponse;
import dev.idempotency.test.TestServices;
import dev.idempotency.test.TestServices.IsolatedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The reaper's schedule on an H2 database; its statements are tested on every database
 * with the store.
 */
class JdbcRecordReaperTests {

	private IsolatedDatabase database;

	private HikariDataSource dataSource;

	private JdbcIdempotencyStore store;

	private JdbcRecordReaper reaper;

	@BeforeEach
	void createStore() {
		this.database = TestServices.h2Database("idem_reaper");
		this.dataSource = AbstractJdbcIdempotencyStoreTests.pooled(this.database.url());
		new JdbcSchemaInitializer(this.dataSource, Mode.MIGRATE, getClass().getClassLoader()).initialize();
		this.store = new JdbcIdempotencyStore(this.dataSource);
	}

	@AfterEach
	void stopAndDrop() {
		if (this.reaper != null) {
			this.reaper.stop();
		}
		this.dataSource.close();
		this.database.close();
	}

	@Test
	void runsOnOneDaemonThreadWhileStarted() {
		this.reaper = new JdbcRecordReaper(this.store, Duration.ofMillis(50), 10);
		assertThat(this.reaper.isRunning()).isFalse();
		this.reaper.start();
		assertThat(this.reaper.isRunning()).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> reaperThreads() == 1);
		assertThat(reaperThreadStream()).allMatch(Thread::isDaemon);
		this.reaper.stop();
		assertThat(this.reaper.isRunning()).isFalse();
		await().atMost(Duration.ofSeconds(5)).until(() -> reaperThreads() == 0);
	}

	@Test
	void deletesExpiredRecordsOnItsSchedule() {
		addExpiringRecord("first");
		this.reaper = new JdbcRecordReaper(this.store, Duration.ofMillis(100), 10);
		this.reaper.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> rowCount() == 0);
	}

	@Test
	void keepsItsScheduleAfterAFailedRun() throws Exception {
		this.reaper = new JdbcRecordReaper(this.store, Duration.ofMillis(50), 10);
		this.reaper.start();
		JdbcClient.create(this.dataSource).sql("DROP TABLE idempotency_record").update();
		Thread.sleep(300);
		assertThat(this.reaper.isRunning()).isTrue();
		new ResourceDatabasePopulator(
				new ClassPathResource(JdbcSchemaInitializer.MIGRATIONS + "h2/V1__create_idempotency_record.sql"))
			.execute(this.dataSource);
		addExpiringRecord("after-failure");
		await().atMost(Duration.ofSeconds(10)).until(() -> rowCount() == 0);
	}

	@Test
	void refusesANonPositiveIntervalOrBatchSize() {
		assertThatIllegalArgumentException().isThrownBy(() -> new JdbcRecordReaper(this.store, Duration.ZERO, 10));
		assertThatIllegalArgumentException().isThrownBy(() -> new JdbcRecordReaper(this.store, Duration.ofSeconds(1), 0));
	}

	private void addExpiringRecord(String key) {
		Duration lifetime = Duration.ofMillis(100);
		ReservationRequest request = new ReservationRequest(new RecordKey("reaper", key),
				new Fingerprint("v1-sha256", "e".repeat(64)), "POST /test", lifetime, lifetime);
		Reserved reserved = (Reserved) this.store.reserve(request);
		assertThat(this.store.complete(reserved.reservation(), StoredResponse.of(204, Map.of(), null), lifetime))
			.isTrue();
	}

	private long rowCount() {
		return JdbcClient.create(this.dataSource)
			.sql("SELECT COUNT(*) FROM idempotency_record")
			.query(Long.class)
			.single();
	}

	private static long reaperThreads() {
		return reaperThreadStream().count();
	}

	private static Stream<Thread> reaperThreadStream() {
		return Thread.getAllStackTraces().keySet().stream().filter((thread) -> thread.getName().equals("idempotency-reaper"));
	}

}
