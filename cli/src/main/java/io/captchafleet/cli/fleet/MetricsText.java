package io.captchafleet.cli.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * A Prometheus text scrape ({@code /metrics}) read back as samples, so that the harness can quote a
 * worker's own counters (ambiguous submits, heap in use, halt flag). Immutable.
 */
public final class MetricsText {
    private record Sample(String name, String labels, double value) {
    }

    private final List<Sample> samples;

    private MetricsText(List<Sample> samples) {
        this.samples = samples;
    }

    public static MetricsText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
            String labels = brace >= 0 && brace < space ? line.substring(brace, line.lastIndexOf('}') + 1) : "";
            try {
                samples.add(new Sample(name.strip(), labels, Double.parseDouble(line.substring(space + 1).strip())));
            } catch (NumberFormatException e) {
                // A value we cannot read is not one we quote.
            }
        }
        return new MetricsText(samples);
    }

    /** The sum over every series of {@code name} whose labels contain every one of {@code labelParts} (e.g. {@code area="heap"}). */
    public double sum(String name, String... labelParts) {
        double total = 0;
        for (Sample s : samples) {
            if (s.name().equals(name) && containsAll(s.labels(), labelParts)) {
                total += s.value();
            }
        }
        return total;
    }

    /** Whether any series of {@code name} is present. */
    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    private static boolean containsAll(String labels, String... parts) {
        for (String p : parts) {
            if (!labels.contains(p)) {
                return false;
            }
        }
        return true;
    }
}
