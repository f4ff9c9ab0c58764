-- Idempotency records of the idempotency starter (MySQL 8 and MariaDB 10.5 or later).
-- Applied by the starter's own Flyway instance, with its own history table
-- (idempotency_schema_history); copy it into your own migrations if you run with
-- idempotency.store.jdbc.schema-mode=validate.
-- Times are DATETIME(6) in UTC, from the database's clock (UTC_TIMESTAMP(6)).
-- Scope and key are VARBINARY holding UTF-8: they compare byte for byte, so case and
-- trailing spaces are significant on both servers (their text collations differ).
-- Read them with CONVERT(scope USING utf8mb4).
CREATE TABLE idempotency_record (
	scope                 VARBINARY(1020) NOT NULL,
	idempotency_key       VARBINARY(255)  NOT NULL,
	fingerprint           VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	fingerprint_algorithm VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	endpoint              VARCHAR(512) CHARACTER SET utf8mb4 NOT NULL,
	status                VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	fencing_token         BIGINT       NOT NULL,
	lease_expires_at      DATETIME(6)  NULL,
	response_status       INT          NULL,
	-- One "Name: value" line per value, each ended by a line feed; backslash escapes
	-- \\ for a backslash, \n, \r, and \xHH for other control characters and a
	-- colon in a name; see docs/jdbc-store.md.
	response_headers      MEDIUMTEXT CHARACTER SET utf8mb4 NULL,
	response_body         LONGBLOB     NULL,
	response_body_mode    VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NULL,
	-- SHA-256 (hex) of the status in decimal, a line feed, and the body.
	outcome_hash          VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NULL,
	attempt_count         INT          NOT NULL,
	replay_count          BIGINT       NOT NULL DEFAULT 0,
	created_at            DATETIME(6)  NOT NULL,
	completed_at          DATETIME(6)  NULL,
	expires_at            DATETIME(6)  NOT NULL,
	CONSTRAINT idempotency_record_pk PRIMARY KEY (scope, idempotency_key),
	CONSTRAINT idempotency_record_status_ck CHECK (status IN ('IN_FLIGHT', 'COMPLETED')),
	INDEX idempotency_record_expires_at_idx (expires_at)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4;
