package dev.idempotency.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The machine a run measured, as the report states it.
 *
 * @param cpu the processor model
 * @param cores the processors the JVM sees
 * @param memoryGiB the memory installed
 * @param os the operating system and kernel
 * @param jvm the JVM that ran the app and the driver
 * @param postgres the PostgreSQL server's version
 * @param redis the Redis server's version
 */
record Machine(String cpu, int cores, double memoryGiB, String os, String jvm, String postgres, String redis) {

	static Machine describe(LocalServices services) throws Exception {
		return new Machine(readCpuModel(), Runtime.getRuntime().availableProcessors(), readMemoryGiB(),
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
						+ System.getProperty("os.arch"),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
				services.postgresVersion(), services.redisVersion());
	}

	private static String readCpuModel() {
		return procLine("/proc/cpuinfo", "model name").map((line) -> line.substring(line.indexOf(':') + 1).trim())
			.orElse(System.getProperty("os.arch"));
	}

	private static double readMemoryGiB() {
		return procLine("/proc/meminfo", "MemTotal")
			.map((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0)
			.orElse(-1.0);
	}

	private static Optional<String> procLine(String file, String prefix) {
		try {
			return Files.readAllLines(Path.of(file)).stream().filter((line) -> line.startsWith(prefix)).findFirst();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

}
