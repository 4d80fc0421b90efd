package io.captchafleet.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.captchafleet.common.serde.Json;
import picocli.CommandLine.Option;

/** {@code --json}: a command prints one JSON object on stdout instead of its sentence; messages stay on stderr. */
final class JsonOutput {
    @Option(names = "--json", description = "Print one JSON object instead of text (its fields are listed in the README).")
    boolean enabled;

    /** Prints the object or the text, whichever was asked for, and flushes. */
    void print(PrintWriter out, Supplier<? extends JsonNode> json, Supplier<String> text) {
        out.println(enabled ? Json.write(json.get()) : text.get());
        out.flush();
    }
}
