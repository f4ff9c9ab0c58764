package dev.idempotency.autoconfigure;

import javax.sql.DataSource;

import dev.idempotency.internal.store.JoinsTransactions;
import dev.idempotency.internal.store.jdbc.JdbcRecordReaper;
import dev.idempotency.internal.store.memory.InMemoryIdempotencyStore;
import dev.idempotency.internal.store.tiered.TieredIdempotencyStore;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.test.TestServices;
import dev.idempotency.test.TestServices.IsolatedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Store selection when the application has Redis and a database: the tiered store by
 * default, and clear failures or warnings when the configuration asks for something
 * else.
 */
@ExtendWith(OutputCaptureExtension.class)
class TieredStoreAutoConfigurationIntegrationTests {

	private IsolatedDatabase database;

	private LettuceConnectionFactory redis;

	private ApplicationContextRunner runner;

	@BeforeEach
	void setUp() {
		this.database = TestServices.h2Database("idem_tiered_autoconfig");
		this.redis = TestServices.redisConnectionFactory();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IdempotencyStoreAutoConfiguration.class))
			.withBean(DataSource.class, this.database::dataSource)
			.withBean(RedisConnectionFactory.class, () -> this.redis);
	}

	@AfterEach
	void tearDown() {
		this.redis.destroy();
		this.database.close();
	}

	@Test
	void redisAndADataSourceGetTheTieredStoreWithTheReaper(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(IdempotencyStore.class).hasSingleBean(JdbcRecordReaper.class);
			assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(TieredIdempotencyStore.class)
				.isInstanceOf(JoinsTransactions.class);
			assertThat(output).contains("with Redis in front for reservations and replays");
		});
	}

	@Test
	void anExplicitInMemoryStoreNextToRedisAndADatabaseIsSaidLoudly(CapturedOutput output) {
		this.runner.withPropertyValues("idempotency.store.type=in-memory").run((context) -> {
			assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(InMemoryIdempotencyStore.class);
			assertThat(output).contains("IDEMPOTENCY RECORDS ARE KEPT IN MEMORY although the application has "
					+ "a DataSource and Redis");
		});
	}

	@Test
	void tieredWithoutRedisFailsStartupSayingWhatIsMissing() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(IdempotencyStoreAutoConfiguration.class))
			.withBean(DataSource.class, this.database::dataSource)
			.withPropertyValues("idempotency.store.type=tiered")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new IdempotencyConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("needs one RedisConnectionFactory bean");
				assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis");
			});
	}

}
