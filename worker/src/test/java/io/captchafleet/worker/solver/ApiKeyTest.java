package io.captchafleet.worker.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.captchafleet.common.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyTest {
    @TempDir
    Path dir;

    @Test
    void theFileWinsAndItsSurroundingWhiteSpaceAndNewlineAreTrimmed() throws Exception {
        Path file = Files.writeString(dir.resolve("key"), "  0123abcd \n");
        ApiKey key = ApiKey.resolve(Optional.of(file), Map.of(ApiKey.ENV, "from-env"));
        assertThat(key.reveal()).isEqualTo("0123abcd");
    }

    @Test
    void theEnvironmentGivesTheKeyWithoutAFile() {
        assertThat(ApiKey.resolve(Optional.empty(), Map.of("CAPTCHA_API_KEY", "env-key\n")).reveal()).isEqualTo("env-key");
    }

    @Test
    void captchaFleetApiKeyGivesTheKeyToo() {
        assertThat(ApiKey.resolve(Optional.empty(), Map.of("CAPTCHA_FLEET_API_KEY", " fleet-key\n")).reveal()).isEqualTo("fleet-key");
        assertThat(ApiKey.resolve(Optional.empty(), Map.of("CAPTCHA_API_KEY", "same", "CAPTCHA_FLEET_API_KEY", "same")).reveal())
                .isEqualTo("same");
    }

    @Test
    void twoVariablesWithDifferentKeysAreAnInputErrorThatShowsNeither() {
        assertThatThrownBy(() -> ApiKey.resolve(Optional.empty(), Map.of("CAPTCHA_API_KEY", "key-a", "CAPTCHA_FLEET_API_KEY", "key-b")))
                .isInstanceOf(InputException.class)
                .hasMessage("CAPTCHA_API_KEY and CAPTCHA_FLEET_API_KEY hold different API keys: unset one of them");
    }

    @Test
    void noKeyAnywhereIsAnInputError() {
        assertThatThrownBy(() -> ApiKey.resolve(Optional.empty(), Map.of()))
                .isInstanceOf(InputException.class)
                .hasMessage("No API key: set CAPTCHA_API_KEY (or CAPTCHA_FLEET_API_KEY) or pass --api-key-file FILE");
        assertThatThrownBy(() -> ApiKey.resolve(Optional.empty(), Map.of(ApiKey.ENV, "  ")))
                .hasMessage("No API key: set CAPTCHA_API_KEY (or CAPTCHA_FLEET_API_KEY) or pass --api-key-file FILE");
    }

    @Test
    void aMissingOrEmptyFileIsNamed() throws Exception {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> ApiKey.resolve(Optional.of(missing), Map.of()))
                .isInstanceOf(InputException.class)
                .hasMessage("Invalid value " + missing + " for --api-key-file: no such file");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> ApiKey.resolve(Optional.of(empty), Map.of()))
                .hasMessage("Invalid value " + empty + " for --api-key-file: the file is empty");
    }

    @Test
    void theKeyNeverShowsInItsTextAndIsScrubbedFromOtherText() {
        ApiKey key = ApiKey.of("s3cret-key");
        assertThat(key.toString()).isEqualTo("ApiKey[***]").doesNotContain("s3cret");
        assertThat(key.scrub("GET /res.php?key=s3cret-key&action=get")).isEqualTo("GET /res.php?key=***&action=get");
    }

    @Test
    void theKeyIsAlsoScrubbedWherePercentEncodedOrJsonEscaped() {
        ApiKey key = ApiKey.of("k3y/with+odd=\"chars\u00e9");
        assertThat(key.scrub("GET /in.php?key=k3y%2Fwith%2Bodd%3D%22chars%C3%A9&json=1")).isEqualTo("GET /in.php?key=***&json=1");
        assertThat(key.scrub("{\"key\":\"k3y/with+odd=\\\"chars\u00e9\"}")).isEqualTo("{\"key\":\"***\"}");
        assertThat(key.scrub("{\"key\":\"k3y\\/with+odd=\\\"chars\\u00e9\"}")).isEqualTo("{\"key\":\"***\"}");
    }

    @Test
    void aCutOffEchoOfTheKeyIsMaskedFromItsEighthCharacterOn() {
        ApiKey key = ApiKey.of("1abc2def3abc4def5abc6def7abc8def");
        assertThat(key.scrub("ERROR_KEY_DOES_NOT_EXIST: key 1abc2def3a..., again 1abc2def"))
                .isEqualTo("ERROR_KEY_DOES_NOT_EXIST: key ***..., again ***");
        assertThat(key.scrub("1abc2de is seven characters")).isEqualTo("1abc2de is seven characters");
        assertThat(ApiKey.of("short-key").scrub("short-ke")).as("a key under 16 characters is masked only whole").isEqualTo("short-ke");
    }
}
