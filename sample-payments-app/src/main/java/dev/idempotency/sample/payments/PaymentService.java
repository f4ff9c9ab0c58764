package dev.idempotency.sample.payments;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates payments and refunds. Each business write is one transaction, so a failed
 * charge leaves no payment behind.
 */
@Service
public class PaymentService {

	private final PaymentRepository repository;

	private final CardGateway gateway;

	private final Clock clock;

	PaymentService(PaymentRepository repository, CardGateway gateway, Clock clock) {
		this.repository = repository;
		this.gateway = gateway;
		this.clock = clock;
	}

	/**
	 * Record a payment and charge the customer's card for it.
	 * @param request the payment to make
	 * @return the payment
	 * @throws CardGatewayException if the charge fails, in which case nothing is stored
	 */
	@Transactional
	public Payment create(CreatePaymentRequest request) {
		Payment payment = new Payment(UUID.randomUUID().toString(), request.customerId(), request.amountCents(),
				request.currency(), 0, PaymentStatus.CAPTURED, now());
		this.repository.insert(payment);
		this.gateway.charge(payment.id(), payment.customerId(), payment.amountCents(), payment.currency());
		return payment;
	}

	/**
	 * Refund part or all of what is left of a payment.
	 * @param paymentId the payment to refund
	 * @param request the amount to refund
	 * @return the refund
	 * @throws PaymentNotFoundException if there is no such payment
	 * @throws RefundExceedsPaymentException if the amount is more than what is left
	 */
	@Transactional
	public Refund refund(String paymentId, CreateRefundRequest request) {
		Payment payment = this.repository.findByIdForUpdate(paymentId)
			.orElseThrow(() -> new PaymentNotFoundException("No payment with id " + paymentId + "."));
		long amountCents = request.amountCents();
		if (amountCents > payment.remainingCents()) {
			throw new RefundExceedsPaymentException(paymentId, amountCents, payment.remainingCents());
		}
		Refund refund = new Refund(UUID.randomUUID().toString(), paymentId, amountCents, now());
		this.repository.insert(refund);
		long refundedCents = payment.refundedCents() + amountCents;
		this.repository.updateRefunded(paymentId, refundedCents, PaymentStatus.of(payment.amountCents(), refundedCents));
		return refund;
	}

	/**
	 * Find a payment.
	 * @param id the payment's id
	 * @return the payment, if there is one
	 */
	@Transactional(readOnly = true)
	public Optional<Payment> find(String id) {
		return this.repository.findById(id);
	}

	/**
	 * Find a refund of a payment.
	 * @param paymentId the payment's id
	 * @param refundId the refund's id
	 * @return the refund, if that payment has one with that id
	 */
	@Transactional(readOnly = true)
	public Optional<Refund> findRefund(String paymentId, String refundId) {
		return this.repository.findRefund(paymentId, refundId);
	}

	/**
	 * List a customer's payments, oldest first.
	 * @param customerId the customer
	 * @return the payments, possibly none
	 */
	@Transactional(readOnly = true)
	public List<Payment> findByCustomer(String customerId) {
		return this.repository.findByCustomerId(customerId);
	}

	private Instant now() {
		// Stored and returned at one precision, so a payment reads back as it was created.
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
