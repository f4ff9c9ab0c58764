package dev.idempotency.sample.payments;

import java.net.URI;
import java.util.List;

import dev.idempotency.Idempotent;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The payments API. Its two {@code POST} endpoints are {@link Idempotent}: a client
 * that sends an {@code Idempotency-Key} can retry them without charging or refunding
 * twice.
 */
@RestController
@RequestMapping("/payments")
public class PaymentController {

	private final PaymentService payments;

	PaymentController(PaymentService payments) {
		this.payments = payments;
	}

	// Transactional: the payment row and its idempotency record commit together or not at
	// all, so no crash or retry can leave a payment without its record, or charge twice.
	// payments.idempotency.transactional=false turns it off, for the benchmarks to compare.
	@Idempotent(transactional = "${payments.idempotency.transactional:true}")
	@PostMapping
	ResponseEntity<Payment> create(@Valid @RequestBody CreatePaymentRequest request) {
		Payment payment = this.payments.create(request);
		return ResponseEntity.created(URI.create("/payments/" + payment.id())).body(payment);
	}

	@GetMapping("/{id}")
	Payment get(@PathVariable String id) {
		return this.payments.find(id).orElseThrow(() -> new PaymentNotFoundException("No payment with id " + id + "."));
	}

	@GetMapping
	List<Payment> list(@RequestParam String customerId) {
		return this.payments.findByCustomer(customerId);
	}

	@Idempotent(transactional = "${payments.idempotency.transactional:true}")
	@PostMapping("/{id}/refunds")
	ResponseEntity<Refund> refund(@PathVariable String id, @Valid @RequestBody CreateRefundRequest request) {
		Refund refund = this.payments.refund(id, request);
		return ResponseEntity.created(URI.create("/payments/" + id + "/refunds/" + refund.id())).body(refund);
	}

	@GetMapping("/{id}/refunds/{refundId}")
	Refund getRefund(@PathVariable String id, @PathVariable String refundId) {
		return this.payments.findRefund(id, refundId)
			.orElseThrow(() -> new RefundNotFoundException("Payment " + id + " has no refund with id " + refundId + "."));
	}

}
