package dev.idempotency.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the idempotency starter.
 */
@ConfigurationProperties("idempotency")
public class IdempotencyProperties {

	/**
	 * Whether the starter is enabled. When disabled it registers no filter and no store.
	 */
	private boolean enabled = true;

	/**
	 * HTTP methods whose requests to @Idempotent handlers are handled.
	 */
	private List<String> methods = new ArrayList<>(Arrays.asList("POST", "PATCH"));

	/**
	 * How long a completed response is kept for replay.
	 */
	private Duration ttl = Duration.ofHours(24);

	/**
	 * How long a request holds its key before a retry may take it over.
	 */
	private Duration lease = Duration.ofSeconds(30);

	/**
	 * Response statuses (codes such as 409, or classes such as 5xx) that are not stored:
	 * the key is released and the next retry runs the handler again.
	 */
	private List<String> releaseOn = new ArrayList<>(Arrays.asList("5xx", "408", "409", "425", "429"));

	/**
	 * Whether handlers run inside a transaction of the store's DataSource, with the
	 * idempotency record completed in that same transaction.
	 */
	private boolean transactional = false;

	/**
	 * Largest request body accepted on @Idempotent endpoints; larger ones get 413.
	 */
	private DataSize maxRequestBody = DataSize.ofMegabytes(1);

	/**
	 * Largest response body stored byte for byte; a larger response is delivered, and
	 * replayed with its status and headers only.
	 */
	private DataSize maxResponseBody = DataSize.ofMegabytes(1);

	private final Key key = new Key();

	private final Conflict conflict = new Conflict();

	private final Replay replay = new Replay();

	private final Fingerprint fingerprint = new Fingerprint();

	private final Scope scope = new Scope();

	private final Filter filter = new Filter();

	private final Store store = new Store();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getMethods() {
		return this.methods;
	}

	public void setMethods(List<String> methods) {
		this.methods = methods;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public Duration getLease() {
		return this.lease;
	}

	public void setLease(Duration lease) {
		this.lease = lease;
	}

	public List<String> getReleaseOn() {
		return this.releaseOn;
	}

	public void setReleaseOn(List<String> releaseOn) {
		this.releaseOn = releaseOn;
	}

	public boolean isTransactional() {
		return this.transactional;
	}

	public void setTransactional(boolean transactional) {
		this.transactional = transactional;
	}

	public DataSize getMaxRequestBody() {
		return this.maxRequestBody;
	}

	public void setMaxRequestBody(DataSize maxRequestBody) {
		this.maxRequestBody = maxRequestBody;
	}

	public DataSize getMaxResponseBody() {
		return this.maxResponseBody;
	}

	public void setMaxResponseBody(DataSize maxResponseBody) {
		this.maxResponseBody = maxResponseBody;
	}

	public Key getKey() {
		return this.key;
	}

	public Conflict getConflict() {
		return this.conflict;
	}

	public Replay getReplay() {
		return this.replay;
	}

	public Fingerprint getFingerprint() {
		return this.fingerprint;
	}

	public Scope getScope() {
		return this.scope;
	}

	public Filter getFilter() {
		return this.filter;
	}

	public Store getStore() {
		return this.store;
	}

	public static class Key {

		/**
		 * Name of the request header that carries the key.
		 */
		private String header = "Idempotency-Key";

		/**
		 * Longest key accepted, in characters (at most 255).
		 */
		private int maxLength = 255;

		public String getHeader() {
			return this.header;
		}

		public void setHeader(String header) {
			this.header = header;
		}

		public int getMaxLength() {
			return this.maxLength;
		}

		public void setMaxLength(int maxLength) {
			this.maxLength = maxLength;
		}

	}

	public static class Conflict {

		/**
		 * How long a retry that arrives while the first request still runs waits for its
		 * outcome before it gets 409; zero answers 409 at once.
		 */
		private Duration maxWait = Duration.ZERO;

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

	}

	public static class Replay {

		/**
		 * Response headers never stored or replayed, besides hop-by-hop headers,
		 * Set-Cookie, Date and Content-Length, which never are.
		 */
		private List<String> excludedHeaders = new ArrayList<>();

		public List<String> getExcludedHeaders() {
			return this.excludedHeaders;
		}

		public void setExcludedHeaders(List<String> excludedHeaders) {
			this.excludedHeaders = excludedHeaders;
		}

	}

	public static class Fingerprint {

		/**
		 * Request headers whose values count in the request fingerprint.
		 */
		private List<String> headers = new ArrayList<>();

		public List<String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(List<String> headers) {
			this.headers = headers;
		}

	}

	public static class Scope {

		/**
		 * Request header whose value scopes keys when there is no authenticated
		 * principal, such as an API client id set by a gateway.
		 */
		private String header;

		public String getHeader() {
			return this.header;
		}

		public void setHeader(String header) {
			this.header = header;
		}

	}

	public static class Filter {

		/**
		 * Order of the idempotency filter; it must run after authentication.
		 */
		private int order = 0;

		public int getOrder() {
			return this.order;
		}

		public void setOrder(int order) {
			this.order = order;
		}

	}

	public static class Store {

		/**
		 * Which store keeps idempotency records.
		 */
		private StoreType type = StoreType.AUTO;

		/**
		 * What happens to a request when the store cannot be asked.
		 */
		private FailureMode failureMode = FailureMode.FAIL_CLOSED;

		private final InMemory inMemory = new InMemory();

		private final Redis redis = new Redis();

		private final Jdbc jdbc = new Jdbc();

		public StoreType getType() {
			return this.type;
		}

		public void setType(StoreType type) {
			this.type = type;
		}

		public FailureMode getFailureMode() {
			return this.failureMode;
		}

		public void setFailureMode(FailureMode failureMode) {
			this.failureMode = failureMode;
		}

		public InMemory getInMemory() {
			return this.inMemory;
		}

		public Redis getRedis() {
			return this.redis;
		}

		public Jdbc getJdbc() {
			return this.jdbc;
		}

		public static class Redis {

			/**
			 * Prefix of every Redis key the starter writes.
			 */
			private String keyPrefix = "idempotency:";

			/**
			 * How long the starter waits for Redis on each command before counting it as
			 * failed.
			 */
			private Duration timeout = Duration.ofMillis(200);

			private final Breaker breaker = new Breaker();

			public String getKeyPrefix() {
				return this.keyPrefix;
			}

			public void setKeyPrefix(String keyPrefix) {
				this.keyPrefix = keyPrefix;
			}

			public Duration getTimeout() {
				return this.timeout;
			}

			public void setTimeout(Duration timeout) {
				this.timeout = timeout;
			}

			public Breaker getBreaker() {
				return this.breaker;
			}

			public static class Breaker {

				/**
				 * Consecutive Redis failures after which the tiered store stops asking Redis
				 * and uses the database alone.
				 */
				private int failureThreshold = 3;

				/**
				 * How long Redis is skipped once the breaker has opened, before one request
				 * tries it again.
				 */
				private Duration openDuration = Duration.ofSeconds(5);

				public int getFailureThreshold() {
					return this.failureThreshold;
				}

				public void setFailureThreshold(int failureThreshold) {
					this.failureThreshold = failureThreshold;
				}

				public Duration getOpenDuration() {
					return this.openDuration;
				}

				public void setOpenDuration(Duration openDuration) {
					this.openDuration = openDuration;
				}

			}

		}

		public static class Jdbc {

			/**
			 * How the starter manages its table: migrate creates and upgrades it with the
			 * starter's own Flyway migrations; validate only checks that it exists.
			 */
			private SchemaMode schemaMode = SchemaMode.MIGRATE;

			private final Reaper reaper = new Reaper();

			public SchemaMode getSchemaMode() {
				return this.schemaMode;
			}

			public void setSchemaMode(SchemaMode schemaMode) {
				this.schemaMode = schemaMode;
			}

			public Reaper getReaper() {
				return this.reaper;
			}

			public static class Reaper {

				/**
				 * Whether expired records are deleted from the database on a schedule.
				 */
				private boolean enabled = true;

				/**
				 * How often expired records are deleted.
				 */
				private Duration interval = Duration.ofMinutes(5);

				/**
				 * Most rows deleted per statement, which bounds how long each holds locks.
				 */
				private int batchSize = 500;

				public boolean isEnabled() {
					return this.enabled;
				}

				public void setEnabled(boolean enabled) {
					this.enabled = enabled;
				}

				public Duration getInterval() {
					return this.interval;
				}

				public void setInterval(Duration interval) {
					this.interval = interval;
				}

				public int getBatchSize() {
					return this.batchSize;
				}

				public void setBatchSize(int batchSize) {
					this.batchSize = batchSize;
				}

			}

		}

		public static class InMemory {

			/**
			 * Most records the in-memory store holds; when it is full of live records,
			 * new keys get 503 rather than older ones being forgotten.
			 */
			private int maxRecords = 100_000;

			public int getMaxRecords() {
				return this.maxRecords;
			}

			public void setMaxRecords(int maxRecords) {
				this.maxRecords = maxRecords;
			}

		}

	}

	/**
	 * The stores the starter can use.
	 */
	public enum StoreType {

		/**
		 * Tiered when the application has both a RedisConnectionFactory and a
		 * DataSource, JDBC with only a DataSource, Redis with only a
		 * RedisConnectionFactory, in-memory with neither.
		 */
		AUTO,

		/** Redis in front for reservations and replays, the database as the source of truth. */
		TIERED,

		/** Redis alone. */
		REDIS,

		/** The database alone. */
		JDBC,

		/** A map in this process: one instance only, lost on restart. */
		IN_MEMORY

	}

	/**
	 * How the JDBC store manages its table.
	 */
	public enum SchemaMode {

		/** Create and upgrade the table with the starter's own Flyway migrations. */
		MIGRATE,

		/** Only check at startup that the table exists; fail with a clear message if not. */
		VALIDATE

	}

	/**
	 * What happens to a request when the store cannot be asked.
	 */
	public enum FailureMode {

		/** Answer 503 with Retry-After; the handler does not run. */
		FAIL_CLOSED,

		/** Run the handler unprotected, counted in a metric and logged as a warning. */
		FAIL_OPEN

	}

}
