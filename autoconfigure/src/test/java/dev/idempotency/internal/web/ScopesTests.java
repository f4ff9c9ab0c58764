package dev.idempotency.internal.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScopesTests {

	@Test
	void keepsAnOrdinaryScope() {
		assertThat(Scopes.normalize("principal:J\u00f6ns \uD83D\uDE00")).isEqualTo("principal:J\u00f6ns \uD83D\uDE00");
	}

	@Test
	void replacesALongScopeByItsDigest() {
		String scope = "client:" + "x".repeat(200);
		assertThat(Scopes.normalize(scope)).startsWith("sha256:").hasSize(7 + 64).isEqualTo(Scopes.normalize(scope));
	}

	@Test
	void replacesAScopeNoStoreCanEncodeByItsDigest() {
		assertThat(Scopes.normalize("principal:a\uD800b")).startsWith("sha256:");
		assertThat(Scopes.normalize("principal:a\uDC00b")).startsWith("sha256:")
			.isNotEqualTo(Scopes.normalize("principal:a\uD800b"));
	}

	@Test
	void aScopeThatLooksLikeADigestNeverMeetsTheScopeItImitates() {
		String longScope = "client:" + "x".repeat(200);
		String digest = Scopes.normalize(longScope);
		assertThat(Scopes.normalize(digest)).startsWith("sha256:").isNotEqualTo(digest);
	}

	@Test
	void theDigestIsOfTheUtf16CodeUnitsBigEndian() throws Exception {
		String scope = "client:J\u00f6ns-" + "x".repeat(200);
		byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
			.digest(scope.getBytes(java.nio.charset.StandardCharsets.UTF_16BE));
		assertThat(Scopes.normalize(scope)).isEqualTo("sha256:" + java.util.HexFormat.of().formatHex(hash));
	}

}
