package io.captchafleet.sandbox.simulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The share (0 to 1) of requests that get each {@link Fault}. Each fault is drawn independently per
 * request, so shares need not add up to anything. Immutable; {@link #none()} is the default.
 */
public final class Faults {
    private static final Faults NONE = new Faults(new EnumMap<>(Fault.class));

    private final EnumMap<Fault, Double> shares;

    private Faults(EnumMap<Fault, Double> shares) {
        this.shares = shares;
    }

    /** No fault at all. */
    public static Faults none() {
        return NONE;
    }

    /**
     * Reads a spec such as {@code no-slot=0.05,unsolvable=0.03,http-500=0.03,garbage=0.02,slow=0.01,drop=0.01}.
     * An empty spec or {@code none} means no fault.
     *
     * @throws InvalidSettingException naming the bad part of the spec
     */
    public static Faults parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String text = spec.strip();
        if (text.isEmpty() || text.equals("none")) {
            return NONE;
        }
        EnumMap<Fault, Double> shares = new EnumMap<>(Fault.class);
        for (String part : text.split(",")) {
            String[] nameAndShare = part.strip().split("=", -1);
            if (nameAndShare.length != 2) {
                throw new InvalidSettingException("faults", spec, "write each fault as name=share, e.g. garbage=0.02, got \"" + part.strip() + "\"");
            }
            String name = nameAndShare[0].strip();
            Fault fault = Fault.fromWireName(name).orElseThrow(() -> new InvalidSettingException("faults", spec,
                    "unknown fault \"" + name + "\"; the faults are " + Fault.wireNames()));
            if (shares.containsKey(fault)) {
                throw new InvalidSettingException("faults", spec, "fault " + name + " is given twice");
            }
            shares.put(fault, checkedShare(fault, parseShare(fault, nameAndShare[1].strip())));
        }
        return of(shares);
    }

    /** These shares; faults not in the map have none. */
    public static Faults of(Map<Fault, Double> shares) {
        EnumMap<Fault, Double> copy = new EnumMap<>(Fault.class);
        shares.forEach((fault, share) -> {
            if (checkedShare(fault, share) > 0) {
                copy.put(fault, share);
            }
        });
        return copy.isEmpty() ? NONE : new Faults(copy);
    }

    /** A copy with this fault's share changed. */
    public Faults with(Fault fault, double share) {
        EnumMap<Fault, Double> copy = new EnumMap<>(Fault.class);
        copy.putAll(shares);
        copy.put(Objects.requireNonNull(fault, "fault"), share);
        return of(copy);
    }

    /** This fault's share, 0 when it is not injected. */
    public double share(Fault fault) {
        return shares.getOrDefault(fault, 0.0);
    }

    /** True when no fault is injected. */
    public boolean isNone() {
        return shares.isEmpty();
    }

    private static double parseShare(Fault fault, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("fault-" + fault.wireName(), text, "must be a number between 0 and 1");
        }
    }

    private static double checkedShare(Fault fault, Double share) {
        Objects.requireNonNull(share, "share");
        // The negated form also refuses NaN.
        if (!(share >= 0 && share <= 1)) {
            throw new InvalidSettingException("fault-" + fault.wireName(), share, "must be between 0 and 1");
        }
        return share;
    }

    /** The spec that {@link #parse} reads back to an equal value, e.g. {@code no-slot=0.05,drop=0.01}, or {@code none}. */
    @Override
    public String toString() {
        if (shares.isEmpty()) {
            return "none";
        }
        return shares.entrySet().stream().map(e -> e.getKey().wireName() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Faults && ((Faults) o).shares.equals(shares);
    }

    @Override
    public int hashCode() {
        return shares.hashCode();
    }
}
