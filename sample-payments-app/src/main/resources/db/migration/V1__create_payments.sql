CREATE TABLE payment (
	id VARCHAR(36) PRIMARY KEY,
	customer_id VARCHAR(100) NOT NULL,
	amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
	currency CHAR(3) NOT NULL,
	refunded_cents BIGINT NOT NULL,
	status VARCHAR(20) NOT NULL,
	created_at TIMESTAMP WITH TIME ZONE NOT NULL,
	CONSTRAINT payment_refunded_within_amount CHECK (refunded_cents BETWEEN 0 AND amount_cents)
);

CREATE INDEX payment_customer_id_created_at ON payment (customer_id, created_at);

CREATE TABLE refund (
	id VARCHAR(36) PRIMARY KEY,
	payment_id VARCHAR(36) NOT NULL REFERENCES payment (id),
	amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
	created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX refund_payment_id ON refund (payment_id);
