package io.captchafleet.cli;

/** Whether the user is at a terminal, for bars and redraws. */
final class Terminal {
    private Terminal() {
    }

    /**
     * Java cannot ask about stderr alone; a console means stdin and stdout are a terminal, which is how
     * people run these commands. Piped or redirected runs get plain lines.
     */
    static boolean isInteractive() {
        return System.console() != null;
    }
}
