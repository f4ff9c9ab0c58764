package dev.idempotency.benchmarks.jmh;

import java.util.List;

import dev.idempotency.fingerprint.FingerprintRequest;
import dev.idempotency.internal.fingerprint.DefaultRequestFingerprinter;
import dev.idempotency.store.Fingerprint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The fingerprint of a JSON payment body, canonicalized ({@code json}) and as raw bytes
 * ({@code raw}: the same bytes as {@code application/octet-stream}, SHA-256 alone).
 */
@State(Scope.Benchmark)
public class FingerprintBenchmark extends JmhSettings {

	/** The body size in bytes: 1 KiB, 64 KiB, 1 MiB. */
	@Param({ "1024", "65536", "1048576" })
	public int size;

	private final DefaultRequestFingerprinter fingerprinter = new DefaultRequestFingerprinter(List.of());

	private FingerprintRequest json;

	private FingerprintRequest raw;

	@Setup
	public void setUp() {
		byte[] body = JsonBodies.payment(this.size);
		this.json = new FingerprintRequest(request("application/json", body), "/payments", body, List.of());
		this.raw = new FingerprintRequest(request("application/octet-stream", body), "/payments", body, List.of());
	}

	@Benchmark
	public Fingerprint json() {
		return this.fingerprinter.fingerprint(this.json);
	}

	@Benchmark
	public Fingerprint raw() {
		return this.fingerprinter.fingerprint(this.raw);
	}

	private static MockHttpServletRequest request(String contentType, byte[] body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/payments");
		request.setContentType(contentType);
		request.addHeader("Idempotency-Key", "\"8e03978e-40d5-43e8-bc93-6894a57f9324\"");
		request.setContent(body);
		return request;
	}

}
