package dev.idempotency.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from Linux's /proc, in milliseconds; -1 where there is no /proc. Both files
 * count in clock ticks of 10 ms (USER_HZ is 100 on every Linux architecture that matters
 * here), which is fine over phases of thousands of requests.
 */
final class CpuTime {

	private static final long MILLIS_PER_TICK = 10;

	private CpuTime() {
	}

	/** The user and system time of one process. */
	static long ofProcess(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// The command name in parentheses may hold spaces: count fields after it.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** The busy time of every processor of the machine, all processes together. */
	static long ofMachine() {
		try {
			String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long busy = 0;
			// user nice system idle iowait irq softirq steal: all but idle and iowait.
			for (int i = 1; i <= 8 && i < fields.length; i++) {
				if (i != 4 && i != 5) {
					busy += Long.parseLong(fields[i]);
				}
			}
			return busy * MILLIS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}
