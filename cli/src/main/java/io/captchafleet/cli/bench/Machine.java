package io.captchafleet.cli.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The machine a benchmark ran on, printed beside every table. */
record Machine(int cores, long memoryBytes, String javaRuntime, String os) {

    static Machine current() {
        long memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), memory,
                System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    /** One line: {@code 2 cores, 23.4 GiB, Java …, Linux …}. */
    String describe() {
        return String.format(Locale.ROOT, "%d cores, %.1f GiB memory, Java %s, %s", cores, memoryBytes / (1024.0 * 1024 * 1024), javaRuntime, os);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", cores);
        m.put("memory_bytes", memoryBytes);
        m.put("java", javaRuntime);
        m.put("os", os);
        return m;
    }
}
