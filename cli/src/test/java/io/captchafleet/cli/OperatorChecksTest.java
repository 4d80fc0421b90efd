package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator command on a state directory refuses bad flags before it starts that directory's broker. */
class OperatorChecksTest {
    @TempDir
    Path dir;

    @Test
    void haltWithoutAReasonStartsNoBroker() {
        Path state = dir.resolve("state");
        CliRunner.Result r = CliRunner.run("halt", "--state-dir", state.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("captcha-fleet halt: Missing required option: '--reason=TEXT'");
        assertThat(state).doesNotExist();

        CliRunner.Result blank = CliRunner.run("halt", "--state-dir", state.toString(), "--reason", " ");
        assertThat(blank.exitCode()).isEqualTo(2);
        assertThat(blank.err()).isEqualTo("captcha-fleet halt: Missing --reason: say why the fleet is halted, e.g. --reason"
                + " \"refilling the balance\"" + System.lineSeparator());
        assertThat(state).doesNotExist();
    }

    @Test
    void badTopicNamesStartNoBroker() {
        Path state = dir.resolve("state");
        CliRunner.Result r = CliRunner.run("status", "--state-dir", state.toString(), "--retry-tiers", "5s,soon");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("captcha-fleet status: Invalid value ").contains("--retry-tiers");
        assertThat(state).doesNotExist();
    }
}
