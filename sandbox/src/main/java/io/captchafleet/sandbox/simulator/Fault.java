package io.captchafleet.sandbox.simulator;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The faults the simulator can inject, each with the name used in specs, flags and {@code /stats}. */
public enum Fault {
    /** A submit answers {@code ERROR_NO_SLOT_AVAILABLE}; nothing is billed. */
    NO_SLOT("no-slot"),
    /** A submit is billed and its task ends with {@code ERROR_CAPTCHA_UNSOLVABLE} when it becomes ready. */
    UNSOLVABLE("unsolvable"),
    /** Any request answers HTTP 500 with an HTML error page; a submit is not billed. */
    HTTP_500("http-500"),
    /** Any request answers HTTP 200 with a body that is not the API's; a submit is not billed. */
    GARBAGE("garbage"),
    /** The answer is sent only after the slow delay; a submit is billed (its reply may come too late). */
    SLOW("slow"),
    /** The connection is closed without an answer; a submit is billed (its reply is lost). */
    DROP("drop");

    private final String wireName;

    Fault(String wireName) {
        this.wireName = wireName;
    }

    /** The name in specs, flags ({@code --fault-<name>}) and {@code /stats}, e.g. {@code http-500}. */
    public String wireName() {
        return wireName;
    }

    /** The fault with this wire name, if there is one. */
    public static Optional<Fault> fromWireName(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst();
    }

    /** Every wire name, comma-separated, for error messages. */
    static String wireNames() {
        return Arrays.stream(values()).map(Fault::wireName).collect(Collectors.joining(", "));
    }
}
