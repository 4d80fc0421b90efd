package io.captchafleet.cli;

/**
 * Ends this process when the process that started it ends, so that brokers and workers started by a
 * test or benchmark harness never outlive it, even when the harness is killed.
 */
final class ParentWatch {
    private ParentWatch() {
    }

    static void exitWhenParentEnds() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    }
}
