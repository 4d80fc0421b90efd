package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code local} refuses bad input before it starts anything: no broker, no state directory, no log
 * file, no results file, and so nothing published. Each refusal is exit 2 with the message a user reads.
 */
class LocalChecksTest {
    private static final String SIMULATOR_ONLY = " Without --provider, local solves with the built-in simulator.";

    @TempDir
    Path dir;

    @Test
    void aMissingTaskFileIsRefusedBeforeTheBrokerStarts() {
        assertRefused(Map.of(), "captcha-fleet local: Cannot read nope.jsonl: no such file", "nope.jsonl");
    }

    @Test
    void aNamedProviderWithoutAKeyIsRefusedNamingTheVariablesAndTheFlag() throws Exception {
        assertRefused(Map.of(), "captcha-fleet local: No API key for --provider 2captcha: set CAPTCHA_API_KEY (or"
                + " CAPTCHA_FLEET_API_KEY) or pass --api-key-file FILE." + SIMULATOR_ONLY, tasks(), "--provider", "2captcha");
        assertRefused(Map.of("CAPTCHA_FLEET_LOCAL_PROVIDER", "capsolver"), "captcha-fleet local: No API key for --provider capsolver:"
                + " set CAPTCHA_API_KEY (or CAPTCHA_FLEET_API_KEY) or pass --api-key-file FILE." + SIMULATOR_ONLY, tasks());
    }

    @Test
    void aMisspeltProviderIsRefusedBeforeAnythingIsPublished() throws Exception {
        assertRefused(Map.of("CAPTCHA_API_KEY", "k"), "captcha-fleet local: Invalid value 2captha for --provider: must be one of"
                + " 2captcha, rucaptcha, captchaai, anti-captcha, capsolver, capmonster, custom", tasks(), "--provider", "2captha");
    }

    @Test
    void anUnreadableKeyFileIsRefusedBeforeAnythingStarts() throws Exception {
        Path missing = dir.resolve("no-key.txt");
        assertRefused(Map.of(), "captcha-fleet local: Invalid value " + missing + " for --api-key-file: no such file", tasks(),
                "--provider", "capsolver", "--api-key-file", missing.toString());
        Path empty = Files.writeString(dir.resolve("empty-key.txt"), "\n");
        assertRefused(Map.of(), "captcha-fleet local: Invalid value " + empty + " for --api-key-file: the file is empty", tasks(),
                "--provider", "capsolver", "--api-key-file", empty.toString());
    }

    @Test
    void twoKeyVariablesThatDisagreeAreRefusedWithoutShowingEither() throws Exception {
        assertRefused(Map.of("CAPTCHA_API_KEY", "key-a", "CAPTCHA_FLEET_API_KEY", "key-b"), "captcha-fleet local: CAPTCHA_API_KEY"
                + " and CAPTCHA_FLEET_API_KEY hold different API keys: unset one of them", tasks(), "--provider", "2captcha");
    }

    @Test
    void realSolverFlagsWithoutAProviderAreRefusedNotIgnored() throws Exception {
        Path key = Files.writeString(dir.resolve("key.txt"), "k\n");
        assertRefused(Map.of(), "captcha-fleet local: --api-key-file needs --provider: name the provider the key is for, e.g."
                + " --provider 2captcha." + SIMULATOR_ONLY, tasks(), "--api-key-file", key.toString());
        assertRefused(Map.of("CAPTCHA_API_KEY", "k"), "captcha-fleet local: --solver-url needs --provider: name the API its server"
                + " speaks (custom for any 2captcha-compatible server)." + SIMULATOR_ONLY, tasks(), "--solver-url", "http://127.0.0.1:8123/");
    }

    @Test
    void simulatorFlagsWithAProviderAreRefusedNotIgnored() throws Exception {
        assertRefused(Map.of("CAPTCHA_API_KEY", "k"), "captcha-fleet local: --sim-faults is for the built-in simulator, which local"
                + " does not use with --provider custom", tasks(), "--provider", "custom", "--sim-faults", "unsolvable=0.1");
    }

    @Test
    void anInvalidTaskFileIsRefusedWithEveryProblemBeforeTheBrokerStarts() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"id\":\"a\",\"method\":\"turnstile\",\"sitekey\":\"k\","
                + "\"pageurl\":\"https://example.com/1\"}\n{\"id\":\"b\",\"method\":\"turnstile\",\"sitekey\":\"k\"}\n");
        assertRefused(Map.of(), "captcha-fleet local: 1 of 2 tasks in " + bad + " are invalid; nothing was published:\n" + bad
                + ":2: \"pageurl\" is missing (method \"turnstile\" needs it)", bad.toString());
    }

    @Test
    void badWorkerAndOutputFlagsAreRefusedBeforeTheBrokerStarts() throws Exception {
        assertRefused(Map.of(), "captcha-fleet local: Invalid value 0 for --max-in-flight: must be at least 1", tasks(),
                "--max-in-flight", "0");
        Path nowhere = dir.resolve("missing").resolve("results.jsonl");
        assertRefused(Map.of(), "captcha-fleet local: Invalid value " + nowhere + " for --out: no such folder " + nowhere.getParent(),
                tasks(), "--out", nowhere.toString());
        assertRefused(Map.of(), "captcha-fleet local: Invalid value fancy for --progress: must be auto, bar, plain or none", tasks(),
                "--progress", "fancy");
    }

    @Test
    void quietVerboseAndLogLevelExcludeEachOtherAndATypedOneWinsOverTheEnvironment() {
        String usage = "\nTry 'captcha-fleet local --help' for the options.";
        assertRefused(Map.of(), "captcha-fleet local: Give only one of -q/--quiet, -v/--verbose and --log-level" + usage,
                "nope.jsonl", "-q", "-v");
        assertRefused(Map.of("CAPTCHA_FLEET_QUIET", "true", "CAPTCHA_FLEET_LOG_LEVEL", "debug"), "captcha-fleet local: Give only"
                + " one of -q/--quiet, -v/--verbose and --log-level (the environment sets CAPTCHA_FLEET_QUIET, CAPTCHA_FLEET_LOG_LEVEL)"
                + usage, "nope.jsonl");
        // Typed on the command line, -v wins over the environment's quiet: the run goes on to its first check.
        assertRefused(Map.of("CAPTCHA_FLEET_QUIET", "true"), "captcha-fleet local: Cannot read nope.jsonl: no such file",
                "nope.jsonl", "-v");
        assertRefused(Map.of(), "captcha-fleet local: Invalid value loud for --log-level: must be one of TRACE, DEBUG, INFO, WARN,"
                + " ERROR, OFF" + usage, "nope.jsonl", "--log-level", "loud");
        assertRefused(Map.of(), "captcha-fleet local: Invalid value xml for --log-format: must be text or json" + usage,
                "nope.jsonl", "--log-format", "xml");
    }

    private Path tasks() throws Exception {
        return Files.writeString(dir.resolve("tasks.jsonl"),
                "{\"id\":\"a\",\"method\":\"turnstile\",\"sitekey\":\"k\",\"pageurl\":\"https://example.com/1\"}\n");
    }

    /** Runs local with a state directory and (unless the flags name one) a results file in the temporary folder; neither may appear. */
    private void assertRefused(Map<String, String> env, String message, String file, String... flags) {
        Path state = dir.resolve("state");
        Path results = dir.resolve("results.jsonl");
        List<String> args = new ArrayList<>(List.of("local", file, "--state-dir", state.toString()));
        if (!List.of(flags).contains("--out")) {
            args.addAll(List.of("--out", results.toString()));
        }
        args.addAll(List.of(flags));
        CliRunner.Result r = CliRunner.run(env, args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(message + System.lineSeparator());
        assertThat(r.out()).isEmpty();
        assertThat(state).as("the state directory (broker data, log file)").doesNotExist();
        assertThat(results).doesNotExist();
    }

    private void assertRefused(Map<String, String> env, String message, Path file, String... flags) {
        assertRefused(env, message, file.toString(), flags);
    }
}
