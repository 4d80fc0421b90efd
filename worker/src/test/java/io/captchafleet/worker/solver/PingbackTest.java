package io.captchafleet.worker.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import io.captchafleet.common.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet's pingback secret and URL: made once and shared through its file, checked, and never quoted. */
class PingbackTest {
    @TempDir
    Path dir;

    @Test
    void aMissingSecretFileGetsARandomSecretReadableByItsOwnerOnlyAndIsReusedAfterwards() throws Exception {
        Path file = dir.resolve("pingback.secret");
        String first = Pingback.secretFrom(file);
        String second = Pingback.secretFrom(file);

        assertThat(first).hasSize(43).matches("[A-Za-z0-9_-]+").isEqualTo(second);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Pingback.secretFrom(dir.resolve("other.secret"))).isNotEqualTo(first);
    }

    @Test
    void anUnusableSecretFileOrUrlIsRefusedByItsFlagWithoutQuotingTheSecret() throws Exception {
        Path shortSecret = Files.writeString(dir.resolve("short.secret"), "tooshort\n");

        assertThatThrownBy(() -> Pingback.secretFrom(shortSecret)).isInstanceOf(InputException.class)
                .hasMessage("Invalid value " + shortSecret + " for --pingback-secret-file: the file must hold 16 to 256 letters, digits,"
                        + " '-' or '_' (delete it to have a new secret made)");
        assertThatThrownBy(() -> Pingback.secretFrom(dir.resolve("no/such/folder/x.secret"))).isInstanceOf(InputException.class)
                .hasMessage("Invalid value " + dir.resolve("no/such/folder/x.secret") + " for --pingback-secret-file: its folder does not exist");
        assertThatThrownBy(() -> Pingback.of(URI.create("captcha.example.com/pingback"), "s".repeat(20), Duration.ZERO))
                .isInstanceOf(InputException.class).hasMessage("Invalid value captcha.example.com/pingback for --pingback-url: must be an"
                        + " absolute http(s) URL without a query or fragment, e.g. https://captcha.example.com/pingback");
        assertThatThrownBy(() -> Pingback.of(URI.create("https://x.example/pingback?a=1"), "s".repeat(20), Duration.ZERO))
                .isInstanceOf(InputException.class).hasMessageStartingWith("Invalid value https://x.example/pingback?a=1 for --pingback-url");
    }

    @Test
    void theSolverMasksThePingbackSecretInProviderTextLikeTheKey() {
        String secret = "echoed-secret-0123456789";
        ApiKey key = ApiKey.of("the-api-key-0123456789").alsoMasking(secret);
        assertThat(key.scrub("ERROR_PINGBACK: https://x.example/pingback/" + secret + " key the-api-key-0123456789"))
                .isEqualTo("ERROR_PINGBACK: https://x.example/pingback/*** key ***");
    }
}
