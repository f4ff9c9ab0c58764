-- Idempotency records of the idempotency starter (PostgreSQL).
-- Applied by the starter's own Flyway instance, with its own history table
-- (idempotency_schema_history); copy it into your own migrations if you run with
-- idempotency.store.jdbc.schema-mode=validate.
-- Times come from the database's clock. Scope and key use the "C" collation: they
-- compare byte for byte, so case and trailing spaces are significant.
CREATE TABLE idempotency_record (
	scope                 VARCHAR(255) COLLATE "C" NOT NULL,
	idempotency_key       VARCHAR(255) COLLATE "C" NOT NULL,
	fingerprint           VARCHAR(255) NOT NULL,
	fingerprint_algorithm VARCHAR(64)  NOT NULL,
	endpoint              VARCHAR(512) NOT NULL,
	status                VARCHAR(16)  NOT NULL,
	fencing_token         BIGINT       NOT NULL,
	lease_expires_at      TIMESTAMP WITH TIME ZONE,
	response_status       INTEGER,
	-- One "Name: value" line per value, each ended by a line feed; backslash escapes
	-- \\ for a backslash, \n, \r, and \xHH for other control characters and a
	-- colon in a name; see docs/jdbc-store.md.
	response_headers      TEXT,
	response_body         BYTEA,
	response_body_mode    VARCHAR(16),
	-- SHA-256 (hex) of the status in decimal, a line feed, and the body.
	outcome_hash          VARCHAR(64),
	attempt_count         INTEGER      NOT NULL,
	replay_count          BIGINT       NOT NULL DEFAULT 0,
	created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
	completed_at          TIMESTAMP WITH TIME ZONE,
	expires_at            TIMESTAMP WITH TIME ZONE NOT NULL,
	CONSTRAINT idempotency_record_pk PRIMARY KEY (scope, idempotency_key),
	CONSTRAINT idempotency_record_status_ck CHECK (status IN ('IN_FLIGHT', 'COMPLETED'))
);

-- The reaper deletes expired records in batches.
CREATE INDEX idempotency_record_expires_at_idx ON idempotency_record (expires_at);
