package io.captchafleet.producer.progress;

/**
 * What a phase counts, as shown: a name and how many counted things make one shown unit ({@code tasks},
 * 1; {@code KiB}, 1024).
 */
record Unit(String name, long size) {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    static Unit of(String name) {
        return new Unit(name, 1);
    }

    /** Bytes, shown as bytes, in KiB from 10 KiB on, in MiB from 10 MiB on. */
    static Unit bytes(long total) {
        if (total >= 10 * MIB) {
            return new Unit("MiB", MIB);
        }
        return total >= 10 * KIB ? new Unit("KiB", KIB) : new Unit("bytes", 1);
    }

    long shown(long counted) {
        return counted / size;
    }
}
