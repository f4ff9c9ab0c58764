package dev.idempotency.internal.store.redis;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of the Redis store, one per store operation. Each touches exactly one
 * key, passed as {@code KEYS[1]}, so each runs on the one Redis Cluster node that owns
 * it, and each reads the time with {@code TIME}, so leases and expiry follow Redis's
 * clock.
 */
enum StoreScript {

	RESERVE("reserve.lua"),

	COMPLETE("complete.lua"),

	RELEASE("release.lua"),

	EXTEND("extend.lua"),

	FIND("find.lua"),

	EVICT("evict.lua");

	private final String source;

	private final String sha1;

	StoreScript(String file) {
		RedisScript<Object> script = RedisScript.of(new ClassPathResource(file, StoreScript.class));
		this.source = script.getScriptAsString();
		this.sha1 = script.getSha1();
	}

	String source() {
		return this.source;
	}

	String sha1() {
		return this.sha1;
	}

}
