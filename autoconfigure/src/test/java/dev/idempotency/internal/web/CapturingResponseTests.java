package dev.idempotency.internal.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The response held back from the client until its outcome is stored.
 */
class CapturingResponseTests {

	private final MockHttpServletResponse real = new MockHttpServletResponse();

	private final CapturingResponse captured = new CapturingResponse(this.real);

	// Holding the body back

	@Test
	void holdsTheBodyUntilDelivered() throws IOException {
		this.captured.setStatus(201);
		this.captured.getOutputStream().write(utf8("{\"id\":1}"));
		assertThat(this.real.getContentAsByteArray()).isEmpty();
		assertThat(this.real.isCommitted()).isFalse();
		assertThat(this.captured.bodyBytes()).isEqualTo(utf8("{\"id\":1}"));
		assertThat(this.captured.bodySize()).isEqualTo(8);
		assertThat(this.captured.getStatus()).isEqualTo(201);
		this.captured.deliver();
		assertThat(this.real.getStatus()).isEqualTo(201);
		assertThat(this.real.getContentAsString()).isEqualTo("{\"id\":1}");
		assertThat(this.real.getContentLength()).isEqualTo(8);
	}

	@Test
	void flushingDoesNotCommit() throws IOException {
		ServletOutputStream out = this.captured.getOutputStream();
		out.write(utf8("part"));
		out.flush();
		this.captured.flushBuffer();
		assertThat(this.real.isCommitted()).isFalse();
		assertThat(this.captured.isCommitted()).isFalse();
		assertThat(this.real.getContentAsByteArray()).isEmpty();
	}

	@Test
	void bodyLargerThanTheContainerBufferIsStillHeld() throws IOException {
		this.captured.setBufferSize(16);
		byte[] large = new byte[this.real.getBufferSize() * 4];
		this.captured.getOutputStream().write(large);
		for (int i = 0; i < 100; i++) {
			this.captured.getOutputStream().write('x');
		}
		assertThat(this.real.isCommitted()).isFalse();
		assertThat(this.captured.bodySize()).isEqualTo(large.length + 100);
	}

	@Test
	void writerOutputIsHeldAndDeliveredInTheResponseCharset() throws IOException {
		this.captured.setCharacterEncoding("UTF-8");
		PrintWriter writer = this.captured.getWriter();
		writer.print("café");
		writer.flush();
		assertThat(this.real.getContentAsByteArray()).isEmpty();
		assertThat(this.real.isCommitted()).isFalse();
		assertThat(this.captured.bodyBytes()).isEqualTo(utf8("café"));
		this.captured.deliver();
		assertThat(this.real.getContentAsString(StandardCharsets.UTF_8)).isEqualTo("café");
		assertThat(this.real.getContentLength()).isEqualTo(5);
	}

	@Test
	void unflushedWriterOutputIsDelivered() throws IOException {
		this.captured.getWriter().print("not flushed");
		this.captured.deliver();
		assertThat(this.real.getContentAsString()).isEqualTo("not flushed");
	}

	@Test
	void writerDefaultsToIso88591() throws IOException {
		this.real.setCharacterEncoding((String) null);
		this.captured.getWriter().print("é");
		assertThat(this.captured.bodyBytes()).containsExactly(0xE9);
	}

	@Test
	void streamAndWriterExcludeEachOther() throws IOException {
		this.captured.getOutputStream();
		assertThatIllegalStateException().isThrownBy(this.captured::getWriter);
		CapturingResponse other = new CapturingResponse(new MockHttpServletResponse());
		other.getWriter();
		assertThatIllegalStateException().isThrownBy(other::getOutputStream);
	}

	@Test
	void streamAndWriterAreReusedAcrossCalls() throws IOException {
		assertThat(this.captured.getOutputStream()).isSameAs(this.captured.getOutputStream());
		CapturingResponse other = new CapturingResponse(new MockHttpServletResponse());
		assertThat(other.getWriter()).isSameAs(other.getWriter());
	}

	@Test
	void nonBlockingWritesAreRefused() throws IOException {
		ServletOutputStream out = this.captured.getOutputStream();
		assertThat(out.isReady()).isTrue();
		assertThatThrownBy(() -> out.setWriteListener(new NoOpWriteListener()))
			.isInstanceOf(UnsupportedOperationException.class);
	}

	// Content length

	@Test
	void contentLengthIsRecomputedOnDelivery() throws IOException {
		this.captured.setContentLength(999);
		this.captured.setContentLengthLong(999);
		this.captured.setHeader("Content-Length", "999");
		this.captured.addHeader("content-length", "999");
		this.captured.setIntHeader("CONTENT-LENGTH", 999);
		this.captured.addIntHeader("Content-Length", 999);
		assertThat(this.real.containsHeader("Content-Length")).isFalse();
		this.captured.getOutputStream().write(utf8("abc"));
		this.captured.deliver();
		assertThat(this.real.getContentLength()).isEqualTo(3);
		assertThat(this.real.getHeaders("Content-Length")).containsExactly("3");
	}

	@Test
	void emptyBodyIsDeliveredWithLengthZero() throws IOException {
		this.captured.setStatus(204);
		this.captured.deliver();
		assertThat(this.real.getStatus()).isEqualTo(204);
		assertThat(this.real.getContentLength()).isZero();
		assertThat(this.real.getContentAsByteArray()).isEmpty();
	}

	@Test
	void otherHeadersGoToTheRealResponse() {
		this.captured.setHeader("X-A", "1");
		this.captured.addHeader("X-A", "2");
		this.captured.setIntHeader("X-B", 3);
		this.captured.setContentType("application/json");
		assertThat(this.real.getHeaders("X-A")).containsExactly("1", "2");
		assertThat(this.real.getHeader("X-B")).isEqualTo("3");
		assertThat(this.real.getContentType()).isEqualTo("application/json");
		assertThat(this.captured.getHeaders("X-A")).containsExactly("1", "2");
	}

	// Errors

	@Test
	void sendErrorIsRecordedNotCommitted() throws IOException {
		this.captured.getOutputStream().write(utf8("partial"));
		this.captured.sendError(503, "Down");
		assertThat(this.captured.isError()).isTrue();
		assertThat(this.captured.getStatus()).isEqualTo(503);
		assertThat(this.captured.isCommitted()).isTrue();
		assertThat(this.real.isCommitted()).isFalse();
		assertThat(this.real.getStatus()).isEqualTo(200);
		assertThat(this.captured.bodySize()).isZero();
	}

	@Test
	void writesAfterSendErrorAreDropped() throws IOException {
		ServletOutputStream out = this.captured.getOutputStream();
		this.captured.sendError(404);
		out.write('x');
		out.write(utf8("more"), 0, 4);
		assertThat(this.captured.bodySize()).isZero();
	}

	@Test
	void recordedErrorIsSentOnDelivery() throws IOException {
		this.captured.sendError(503, "Down");
		this.captured.deliver();
		assertThat(this.real.getStatus()).isEqualTo(503);
		assertThat(this.real.getErrorMessage()).isEqualTo("Down");
		assertThat(this.real.isCommitted()).isTrue();
	}

	@Test
	void recordedErrorWithoutMessageIsSentWithout() throws IOException {
		this.captured.sendError(404);
		this.captured.deliver();
		assertThat(this.real.getStatus()).isEqualTo(404);
		assertThat(this.real.getErrorMessage()).isNull();
	}

	@Test
	void secondSendErrorIsRefusedAsOnACommittedResponse() throws IOException {
		this.captured.sendError(404);
		assertThatIllegalStateException().isThrownBy(() -> this.captured.sendError(500));
		assertThatIllegalStateException().isThrownBy(this.captured::resetBuffer);
		assertThatIllegalStateException().isThrownBy(this.captured::reset);
		assertThat(this.captured.getStatus()).isEqualTo(404);
	}

	// Redirects

	@Test
	void redirectIsHeld() throws IOException {
		this.captured.getOutputStream().write(utf8("dropped"));
		this.captured.sendRedirect("/payments/1");
		assertThat(this.real.isCommitted()).isFalse();
		assertThat(this.captured.getStatus()).isEqualTo(302);
		assertThat(this.real.getHeader("Location")).isEqualTo("/payments/1");
		assertThat(this.captured.bodySize()).isZero();
		this.captured.deliver();
		assertThat(this.real.getStatus()).isEqualTo(302);
		assertThat(this.real.getContentLength()).isZero();
	}

	@Test
	void redirectWithStatusIsHeld() throws IOException {
		this.captured.sendRedirect("/payments/1", 303);
		assertThat(this.real.isCommitted()).isFalse();
		assertThat(this.captured.getStatus()).isEqualTo(303);
		assertThat(this.real.getHeader("Location")).isEqualTo("/payments/1");
	}

	@Test
	void redirectKeepingTheBodyIsHeld() throws IOException {
		this.captured.getOutputStream().write(utf8("kept"));
		this.captured.sendRedirect("/payments/1", false);
		assertThat(this.real.isCommitted()).isFalse();
		assertThat(this.captured.getStatus()).isEqualTo(302);
		assertThat(this.captured.bodyBytes()).isEqualTo(utf8("kept"));
	}

	@Test
	void redirectWithStatusKeepingTheBodyIsHeld() throws IOException {
		this.captured.getOutputStream().write(utf8("kept"));
		this.captured.sendRedirect("/payments/1", 307, false);
		assertThat(this.real.isCommitted()).isFalse();
		assertThat(this.captured.getStatus()).isEqualTo(307);
		assertThat(this.captured.bodyBytes()).isEqualTo(utf8("kept"));
	}

	// Resetting

	@Test
	void resetBufferDropsTheBodyAndKeepsHeaders() throws IOException {
		this.captured.setHeader("X-A", "1");
		this.captured.getOutputStream().write(utf8("first"));
		this.captured.resetBuffer();
		this.captured.getOutputStream().write(utf8("second"));
		assertThat(this.captured.bodyBytes()).isEqualTo(utf8("second"));
		assertThat(this.real.getHeader("X-A")).isEqualTo("1");
	}

	@Test
	void resetBufferDropsWhatTheWriterHasNotFlushedYet() throws IOException {
		PrintWriter writer = this.captured.getWriter();
		writer.print("first");
		this.captured.resetBuffer();
		writer.print("second");
		assertThat(this.captured.bodyBytes()).isEqualTo(utf8("second"));
	}

	@Test
	void resetDropsWhatTheWriterHasNotFlushedYet() throws IOException {
		PrintWriter writer = this.captured.getWriter();
		writer.print("first");
		this.captured.reset();
		writer.flush();
		assertThat(this.captured.bodySize()).isZero();
	}

	@Test
	void resetDropsBodyHeadersAndStatusAndFreesTheChoiceOfStream() throws IOException {
		this.captured.setStatus(201);
		this.captured.setHeader("X-A", "1");
		this.captured.getOutputStream().write(utf8("first"));
		this.captured.reset();
		assertThat(this.captured.getStatus()).isEqualTo(200);
		assertThat(this.real.containsHeader("X-A")).isFalse();
		assertThat(this.captured.bodySize()).isZero();
		this.captured.getWriter().print("second");
		assertThat(this.captured.bodyBytes()).isEqualTo(utf8("second"));
	}

	// Delivering and abandoning

	@Test
	void deliversOnlyOnce() throws IOException {
		this.captured.getOutputStream().write(utf8("once"));
		this.captured.deliver();
		this.captured.deliver();
		assertThat(this.real.getContentAsString()).isEqualTo("once");
	}

	@Test
	void abandonDropsTheHeldResponseForAnother() throws IOException {
		this.captured.setStatus(201);
		this.captured.setHeader("X-A", "1");
		this.captured.getOutputStream().write(utf8("held"));
		HttpServletResponse response = this.captured.abandon();
		assertThat(response).isSameAs(this.real);
		assertThat(this.real.getStatus()).isEqualTo(200);
		assertThat(this.real.containsHeader("X-A")).isFalse();
		assertThat(this.captured.bodySize()).isZero();
		response.setStatus(503);
		response.getOutputStream().write(utf8("instead"));
		this.captured.deliver();
		assertThat(this.real.getStatus()).isEqualTo(503);
		assertThat(this.real.getContentAsString()).isEqualTo("instead");
	}

	@Test
	void abandonDropsARecordedError() throws IOException {
		this.captured.sendError(500);
		this.captured.abandon();
		assertThat(this.captured.isError()).isFalse();
		this.captured.deliver();
		assertThat(this.real.getErrorMessage()).isNull();
		assertThat(this.real.getStatus()).isEqualTo(200);
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static final class NoOpWriteListener implements WriteListener {

		@Override
		public void onWritePossible() {
		}

		@Override
		public void onError(Throwable t) {
		}

	}

}
