package dev.idempotency.internal.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import dev.idempotency.fingerprint.FingerprintRequest;
import dev.idempotency.internal.fingerprint.DefaultRequestFingerprinter;
import dev.idempotency.internal.web.BufferedRequest.BodyTooLargeException;
import dev.idempotency.store.Fingerprint;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The buffered request body: bounded, readable again, and the source of form
 * parameters.
 */
class BufferedRequestTests {

	private static final String FORM = "application/x-www-form-urlencoded";

	// Reading the body

	@Test
	void readsTheBodyAndGivesItAgainToEveryReader() throws IOException {
		BufferedRequest request = BufferedRequest.read(post("application/json", "{\"a\":1}"), 1024);
		assertThat(request.body()).asString(StandardCharsets.UTF_8).isEqualTo("{\"a\":1}");
		assertThat(request.getInputStream().readAllBytes()).isEqualTo(request.body());
		assertThat(request.getInputStream().readAllBytes()).isEqualTo(request.body());
		assertThat(request.getReader().readLine()).isEqualTo("{\"a\":1}");
		assertThat(request.getContentLength()).isEqualTo(7);
		assertThat(request.getContentLengthLong()).isEqualTo(7);
	}

	@Test
	void readsAnEmptyBody() throws IOException {
		BufferedRequest request = BufferedRequest.read(post("application/json", ""), 1024);
		assertThat(request.body()).isEmpty();
		assertThat(request.getInputStream().read()).isEqualTo(-1);
		assertThat(request.getInputStream().isFinished()).isTrue();
	}

	@Test
	void readsABodyWithoutContentLength() throws IOException {
		byte[] body = bytes(10_000);
		BufferedRequest request = BufferedRequest.read(chunked("application/octet-stream", new ByteArrayInputStream(body)),
				1_000_000);
		assertThat(request.body()).isEqualTo(body);
		assertThat(request.getContentLengthLong()).isEqualTo(10_000);
	}

	@Test
	void readsABodyThatArrivesOneByteAtATime() throws IOException {
		byte[] body = bytes(1000);
		BufferedRequest request = BufferedRequest.read(chunked("application/octet-stream", trickle(body)), 1000);
		assertThat(request.body()).isEqualTo(body);
	}

	@Test
	void acceptsABodyOfExactlyTheLimit() throws IOException {
		byte[] body = bytes(1000);
		assertThat(BufferedRequest.read(post("application/octet-stream", body), 1000).body()).isEqualTo(body);
		assertThat(BufferedRequest.read(chunked("application/octet-stream", new ByteArrayInputStream(body)), 1000).body())
			.isEqualTo(body);
	}

	@Test
	void refusesADeclaredLengthOverTheLimitWithoutReading() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/payments") {

			@Override
			public long getContentLengthLong() {
				return 1001;
			}

			@Override
			public ServletInputStream getInputStream() {
				throw new AssertionError("The body must not be read");
			}

		};
		assertThatExceptionOfType(BodyTooLargeException.class).isThrownBy(() -> BufferedRequest.read(request, 1000));
	}

	@Test
	void refusesABodyOneByteOverTheLimit() {
		assertThatExceptionOfType(BodyTooLargeException.class)
			.isThrownBy(() -> BufferedRequest.read(post("application/octet-stream", bytes(1001)), 1000));
	}

	@Test
	void refusesAnEndlessBodyWithoutContentLengthReadingAtMostOneByteOverTheLimit() {
		CountingStream endless = new CountingStream(Long.MAX_VALUE);
		assertThatExceptionOfType(BodyTooLargeException.class)
			.isThrownBy(() -> BufferedRequest.read(chunked("application/octet-stream", endless), 100_000));
		assertThat(endless.read).isEqualTo(100_001);
	}

	@Test
	void refusesABodyLongerThanItsDeclaredLengthOnceOverTheLimit() {
		CountingStream longer = new CountingStream(5000);
		MockHttpServletRequest request = declaring(10, longer);
		assertThatExceptionOfType(BodyTooLargeException.class).isThrownBy(() -> BufferedRequest.read(request, 100));
		assertThat(longer.read).isEqualTo(101);
	}

	@Test
	void readsABodyLongerThanItsDeclaredLengthWithinTheLimit() throws IOException {
		byte[] body = bytes(1000);
		MockHttpServletRequest request = declaring(10, new ByteArrayInputStream(body));
		assertThat(BufferedRequest.read(request, 1000).body()).isEqualTo(body);
	}

	@Test
	void readsABodyShorterThanItsDeclaredLength() throws IOException {
		byte[] body = bytes(10);
		MockHttpServletRequest request = declaring(1000, new ByteArrayInputStream(body));
		assertThat(BufferedRequest.read(request, 1000).body()).isEqualTo(body);
	}

	@Test
	void zeroLimitAcceptsOnlyAnEmptyBody() throws IOException {
		assertThat(BufferedRequest.read(post("text/plain", ""), 0).body()).isEmpty();
		assertThatExceptionOfType(BodyTooLargeException.class)
			.isThrownBy(() -> BufferedRequest.read(chunked("text/plain", new ByteArrayInputStream(new byte[1])), 0));
	}

	@Test
	void bufferedStreamIsSynchronous() throws IOException {
		ServletInputStream in = BufferedRequest.read(post("text/plain", "ab"), 10).getInputStream();
		assertThat(in.isReady()).isTrue();
		assertThat(in.isFinished()).isFalse();
		assertThat(in.available()).isEqualTo(2);
		in.readAllBytes();
		assertThat(in.isFinished()).isTrue();
		assertThatThrownBy(() -> in.setReadListener(new NoOpReadListener()))
			.isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void readerUsesTheRequestCharset() throws IOException {
		MockHttpServletRequest mock = post("text/plain;charset=UTF-8", "café");
		assertThat(BufferedRequest.read(mock, 100).getReader().readLine()).isEqualTo("café");
		MockHttpServletRequest latin1 = post("text/plain", "caf\u00E9".getBytes(StandardCharsets.ISO_8859_1));
		assertThat(BufferedRequest.read(latin1, 100).getReader().readLine()).isEqualTo("café");
	}

	// Form parameters

	@Test
	void answersFormParametersFromTheBufferedBody() throws IOException {
		BufferedRequest request = BufferedRequest.read(post(FORM, "a=1&b=x+y&a=2&c=%C3%A9"), 1024);
		assertThat(request.getParameter("a")).isEqualTo("1");
		assertThat(request.getParameterValues("a")).containsExactly("1", "2");
		assertThat(request.getParameter("b")).isEqualTo("x y");
		assertThat(request.getParameter("c")).isEqualTo("é");
		assertThat(request.getParameter("missing")).isNull();
		assertThat(request.getParameterValues("missing")).isNull();
		assertThat(Collections.list(request.getParameterNames())).containsExactly("a", "b", "c");
		assertThat(request.getParameterMap()).containsOnlyKeys("a", "b", "c");
	}

	@Test
	void formParametersStillLeaveTheBodyToRead() throws IOException {
		BufferedRequest request = BufferedRequest.read(post(FORM, "a=1"), 1024);
		request.getParameter("a");
		assertThat(request.getInputStream().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("a=1");
	}

	@Test
	void listsQueryValuesBeforeBodyValuesAsContainersDo() throws IOException {
		MockHttpServletRequest mock = post(FORM, "a=1&b=2");
		mock.setQueryString("a=0&q=%20");
		BufferedRequest request = BufferedRequest.read(mock, 1024);
		assertThat(request.getParameterValues("a")).containsExactly("0", "1");
		assertThat(request.getParameter("q")).isEqualTo(" ");
		assertThat(Collections.list(request.getParameterNames())).containsExactly("a", "q", "b");
	}

	@Test
	void decodesFormParametersInTheRequestCharset() throws IOException {
		byte[] latin1 = "a=%E9&b=\u00E9".getBytes(StandardCharsets.ISO_8859_1);
		MockHttpServletRequest mock = post(FORM + ";charset=ISO-8859-1", latin1);
		BufferedRequest request = BufferedRequest.read(mock, 1024);
		assertThat(request.getParameter("a")).isEqualTo("é");
		assertThat(request.getParameter("b")).isEqualTo("é");
	}

	@Test
	void formParametersCannotBeChangedByTheHandler() throws IOException {
		BufferedRequest request = BufferedRequest.read(post(FORM, "a=1"), 1024);
		request.getParameterValues("a")[0] = "changed";
		assertThat(request.getParameter("a")).isEqualTo("1");
		assertThatThrownBy(() -> request.getParameterMap().put("b", new String[] { "2" }))
			.isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void otherRequestsAnswerParametersFromTheContainer() throws IOException {
		MockHttpServletRequest mock = post("application/json", "{\"a\":1}");
		mock.addParameter("q", "1");
		BufferedRequest request = BufferedRequest.read(mock, 1024);
		assertThat(request.getParameter("q")).isEqualTo("1");
		assertThat(request.getParameter("a")).isNull();
	}

	@Test
	void rebuildsAFormBodyAnEarlierFilterAlreadyParsed() throws IOException {
		// The container read the body into parameters, so the stream is empty though the
		// request declared a length.
		MockHttpServletRequest mock = parsedEarlier(9);
		BufferedRequest request = BufferedRequest.read(mock, 1024);
		assertThat(request.body()).asString(StandardCharsets.UTF_8).isEqualTo("a=1&b=x+y");
		assertThat(request.getParameterValues("a")).containsExactly("0", "1");
		assertThat(request.getParameter("b")).isEqualTo("x y");
		assertThat(request.getParameter("q")).isEqualTo("1");
	}

	@Test
	void rebuildsAFormBodyWithoutContentLengthAnEarlierFilterAlreadyParsed() throws IOException {
		BufferedRequest request = BufferedRequest.read(parsedEarlier(-1), 1024);
		assertThat(request.body()).asString(StandardCharsets.UTF_8).isEqualTo("a=1&b=x+y");
		assertThat(request.getParameterValues("a")).containsExactly("0", "1");
		assertThat(request.getParameter("b")).isEqualTo("x y");
		assertThat(request.getParameter("q")).isEqualTo("1");
	}

	@Test
	void rebuildsAnAlreadyParsedFormInItsOwnCharset() throws IOException {
		MockHttpServletRequest mock = parsedEarlier(5);
		mock.setContentType(FORM + ";charset=ISO-8859-1");
		mock.setQueryString(null);
		mock.removeAllParameters();
		mock.addParameter("é", "café");
		BufferedRequest request = BufferedRequest.read(mock, 1024);
		assertThat(request.body()).asString(StandardCharsets.US_ASCII).isEqualTo("%E9=caf%E9");
		assertThat(request.getReader().readLine()).isEqualTo("%E9=caf%E9");
	}

	@Test
	void alreadyParsedFormHasTheFingerprintOfTheSameFormReadFromTheStream() throws IOException {
		String contentType = FORM + ";charset=ISO-8859-1";
		MockHttpServletRequest streamed = post(contentType, "b=caf%E9&a=1");
		streamed.setQueryString("q=1&a=0");
		MockHttpServletRequest parsed = parsedEarlier(12);
		parsed.setContentType(contentType);
		parsed.removeAllParameters();
		parsed.addParameter("q", "1");
		parsed.addParameter("a", "0", "1");
		parsed.addParameter("b", "café");
		assertThat(fingerprint(BufferedRequest.read(parsed, 1024)))
			.isEqualTo(fingerprint(BufferedRequest.read(streamed, 1024)));
	}

	@Test
	void refusesAnAlreadyParsedFormWithoutContentLengthOverTheLimit() {
		assertThatExceptionOfType(BodyTooLargeException.class)
			.isThrownBy(() -> BufferedRequest.read(parsedEarlier(-1), 8));
	}

	@Test
	void emptyFormWithoutContentLengthHasOnlyQueryParameters() throws IOException {
		MockHttpServletRequest mock = chunked(FORM, new ByteArrayInputStream(new byte[0]));
		mock.setQueryString("q=1");
		mock.addParameter("q", "1");
		BufferedRequest request = BufferedRequest.read(mock, 1024);
		assertThat(request.body()).isEmpty();
		assertThat(request.getParameterMap()).containsOnlyKeys("q");
		assertThat(request.getParameter("q")).isEqualTo("1");
	}

	private static MockHttpServletRequest parsedEarlier(long declaredLength) {
		MockHttpServletRequest mock = new MockHttpServletRequest("POST", "/payments") {

			@Override
			public long getContentLengthLong() {
				return declaredLength;
			}

			@Override
			public int getContentLength() {
				return (int) declaredLength;
			}

		};
		mock.setContentType(FORM);
		mock.setQueryString("q=1&a=0");
		mock.addParameter("q", "1");
		mock.addParameter("a", "0", "1");
		mock.addParameter("b", "x y");
		return mock;
	}

	// Helpers

	private static Fingerprint fingerprint(BufferedRequest request) {
		return new DefaultRequestFingerprinter(List.of())
			.fingerprint(new FingerprintRequest(request, "/payments", request.body(), List.of()));
	}

	private static MockHttpServletRequest post(String contentType, String body) {
		return post(contentType, body.getBytes(StandardCharsets.UTF_8));
	}

	private static MockHttpServletRequest post(String contentType, byte[] body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/payments");
		request.setContentType(contentType);
		request.setContent(body);
		return request;
	}

	private static MockHttpServletRequest chunked(String contentType, InputStream body) {
		MockHttpServletRequest request = declaring(-1, body);
		request.setContentType(contentType);
		return request;
	}

	/**
	 * A request that declares a {@code Content-Length} (-1 for none) whatever its body
	 * holds.
	 */
	private static MockHttpServletRequest declaring(long declaredLength, InputStream body) {
		return new MockHttpServletRequest("POST", "/payments") {

			@Override
			public long getContentLengthLong() {
				return declaredLength;
			}

			@Override
			public int getContentLength() {
				return (int) declaredLength;
			}

			@Override
			public ServletInputStream getInputStream() {
				return servletStream(body);
			}

		};
	}

	private static ServletInputStream servletStream(InputStream in) {
		return new ServletInputStream() {

			@Override
			public int read() throws IOException {
				return in.read();
			}

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				return in.read(b, off, len);
			}

			@Override
			public boolean isFinished() {
				return false;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener listener) {
			}

		};
	}

	private static InputStream trickle(byte[] body) {
		ByteArrayInputStream in = new ByteArrayInputStream(body);
		return new InputStream() {

			@Override
			public int read() {
				return in.read();
			}

			@Override
			public int read(byte[] b, int off, int len) {
				return in.read(b, off, Math.min(len, 1));
			}

		};
	}

	private static byte[] bytes(int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) (i * 31);
		}
		return bytes;
	}

	/**
	 * A stream of {@code length} bytes that counts how many were read.
	 */
	private static final class CountingStream extends InputStream {

		private final long length;

		long read;

		CountingStream(long length) {
			this.length = length;
		}

		@Override
		public int read() {
			if (this.read >= this.length) {
				return -1;
			}
			this.read++;
			return 'x';
		}

		@Override
		public int read(byte[] b, int off, int len) {
			if (this.read >= this.length) {
				return -1;
			}
			int count = (int) Math.min(len, this.length - this.read);
			java.util.Arrays.fill(b, off, off + count, (byte) 'x');
			this.read += count;
			return count;
		}

	}

	private static final class NoOpReadListener implements ReadListener {

		@Override
		public void onDataAvailable() {
		}

		@Override
		public void onAllDataRead() {
		}

		@Override
		public void onError(Throwable t) {
		}

	}

}
