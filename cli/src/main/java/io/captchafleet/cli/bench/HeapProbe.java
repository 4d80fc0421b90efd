package io.captchafleet.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.captchafleet.cli.fleet.WorkerNode;

/**
 * A worker's heap after a full collection: {@code jcmd <pid> GC.run} (a System.gc() in the worker),
 * then the worker's own {@code jvm_memory_used_bytes{area="heap"}} from {@code /metrics}.
 */
final class HeapProbe {
    private HeapProbe() {
    }

    static long afterGc(WorkerNode w) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (int i = 0; i < 2; i++) {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(w.process().pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + w.process().pid() + " GC.run failed");
            }
        }
        return (long) w.metrics().orElseThrow(() -> new IllegalStateException("worker " + w.instanceId() + " serves no /metrics"))
                .sum("jvm_memory_used_bytes", "area=\"heap\"");
    }
}
