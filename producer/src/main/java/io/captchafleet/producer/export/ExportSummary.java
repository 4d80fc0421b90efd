package io.captchafleet.producer.export;

/** How many outcomes an export wrote, by status. */
public record ExportSummary(String batch, long written, long solved, long failed) {

    public String describe() {
        return "Exported " + written + " outcomes of batch " + batch + " (" + solved + " solved, " + failed + " failed"
                + (written - solved - failed > 0 ? ", " + (written - solved - failed) + " not finished" : "") + ").";
    }
}
