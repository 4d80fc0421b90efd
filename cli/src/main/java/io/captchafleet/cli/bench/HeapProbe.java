package io.captchafleet.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.captchafleet.cli.fleet.MetricsText;
import io.captchafleet.cli.fleet.WorkerNode;

/**
 * A worker's heap after a full collection: {@code jcmd <pid> GC.run} (a System.gc() in the worker),
 * then the worker's own {@code jvm_memory_used_bytes{area="heap"}} from {@code /metrics}.
 */
final class HeapProbe {
    private HeapProbe() {
    }

    static long afterGc(WorkerNode w) throws IOException, InterruptedException {
        collect(w);
        return (long) metrics(w).sum("jvm_memory_used_bytes", "area=\"heap\"");
    }

    /**
     * The old generation alone after a full collection: what survived it, without the young objects the
     * running worker allocates between the collection and the scrape (the heap total counts whole young
     * regions, a megabyte or more of noise at a time).
     */
    static long liveAfterGc(WorkerNode w) throws IOException, InterruptedException {
        collect(w);
        MetricsText m = metrics(w);
        return (long) (m.sum("jvm_memory_used_bytes", "area=\"heap\"", "Old Gen\"") + m.sum("jvm_memory_used_bytes", "area=\"heap\"",
                "Tenured Gen\""));
    }

    private static void collect(WorkerNode w) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (int i = 0; i < 2; i++) {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(w.process().pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + w.process().pid() + " GC.run failed");
            }
        }
    }

    private static MetricsText metrics(WorkerNode w) {
        return w.metrics().orElseThrow(() -> new IllegalStateException("worker " + w.instanceId() + " serves no /metrics"));
    }
}
