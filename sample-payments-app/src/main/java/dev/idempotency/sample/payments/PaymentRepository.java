package dev.idempotency.sample.payments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Payments and refunds in the application's database, through {@link JdbcClient}.
 */
@Repository
public class PaymentRepository {

	private static final String PAYMENT_COLUMNS = "id, customer_id, amount_cents, currency, refunded_cents, status, created_at";

	private final JdbcClient jdbc;

	PaymentRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Payment payment) {
		this.jdbc.sql("INSERT INTO payment (" + PAYMENT_COLUMNS + ") "
				+ "VALUES (:id, :customerId, :amountCents, :currency, :refundedCents, :status, :createdAt)")
			.param("id", payment.id())
			.param("customerId", payment.customerId())
			.param("amountCents", payment.amountCents())
			.param("currency", payment.currency())
			.param("refundedCents", payment.refundedCents())
			.param("status", payment.status().name())
			.param("createdAt", utc(payment.createdAt()))
			.update();
	}

	Optional<Payment> findById(String id) {
		return this.jdbc.sql("SELECT " + PAYMENT_COLUMNS + " FROM payment WHERE id = :id")
			.param("id", id)
			.query(PaymentRepository::payment)
			.optional();
	}

	/**
	 * Find a payment and lock its row until the transaction ends, so that concurrent
	 * refunds of one payment cannot together refund more than it.
	 */
	Optional<Payment> findByIdForUpdate(String id) {
		return this.jdbc.sql("SELECT " + PAYMENT_COLUMNS + " FROM payment WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(PaymentRepository::payment)
			.optional();
	}

	List<Payment> findByCustomerId(String customerId) {
		return this.jdbc
			.sql("SELECT " + PAYMENT_COLUMNS + " FROM payment WHERE customer_id = :customerId ORDER BY created_at, id")
			.param("customerId", customerId)
			.query(PaymentRepository::payment)
			.list();
	}

	void updateRefunded(String id, long refundedCents, PaymentStatus status) {
		this.jdbc.sql("UPDATE payment SET refunded_cents = :refundedCents, status = :status WHERE id = :id")
			.param("refundedCents", refundedCents)
			.param("status", status.name())
			.param("id", id)
			.update();
	}

	void insert(Refund refund) {
		this.jdbc.sql("INSERT INTO refund (id, payment_id, amount_cents, created_at) "
				+ "VALUES (:id, :paymentId, :amountCents, :createdAt)")
			.param("id", refund.id())
			.param("paymentId", refund.paymentId())
			.param("amountCents", refund.amountCents())
			.param("createdAt", utc(refund.createdAt()))
			.update();
	}

	Optional<Refund> findRefund(String paymentId, String refundId) {
		return this.jdbc
			.sql("SELECT id, payment_id, amount_cents, created_at FROM refund WHERE id = :id AND payment_id = :paymentId")
			.param("id", refundId)
			.param("paymentId", paymentId)
			.query((rs, row) -> new Refund(rs.getString("id"), rs.getString("payment_id"), rs.getLong("amount_cents"),
					instant(rs, "created_at")))
			.optional();
	}

	private static Payment payment(ResultSet rs, int row) throws SQLException {
		return new Payment(rs.getString("id"), rs.getString("customer_id"), rs.getLong("amount_cents"),
				rs.getString("currency"), rs.getLong("refunded_cents"), PaymentStatus.valueOf(rs.getString("status")),
				instant(rs, "created_at"));
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

}
