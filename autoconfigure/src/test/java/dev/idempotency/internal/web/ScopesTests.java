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

}
