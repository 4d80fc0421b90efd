package io.captchafleet.cli.bench;

/** One benchmark scenario: it starts what it needs, measures, stops everything, and says what it found. */
interface Scenario {
    /** The name {@code --scenario} takes, e.g. {@code concurrency}. */
    String name();

    /** Runs it; a scenario that cannot finish throws, and the report says so. */
    void run(BenchContext ctx, ScenarioResult result) throws Exception;

    /** A heading for the report, e.g. "1. Concurrency efficiency". */
    String title();

    /** What it measures, in plain words, for the report. */
    String measures();
}
