package io.captchafleet.producer.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.Json;
import org.junit.jupiter.api.Test;

class TaskValidatorTest {
    private final TaskValidator strict = new TaskValidator(false);
    private final TaskValidator lenient = new TaskValidator(true);

    @Test
    void aCompleteRecaptchaTaskHasNoProblems() {
        assertThat(strict.problems(task("{\"method\":\"userrecaptcha\",\"sitekey\":\"k\",\"pageurl\":\"https://example.com/a\"}"))).isEmpty();
        assertThat(strict.problems(task("{\"method\":\"userrecaptcha\",\"googlekey\":\"k\",\"pageurl\":\"http://example.com\"}"))).isEmpty();
    }

    @Test
    void aRelativePageUrlIsNamedWithItsValue() {
        assertThat(strict.problems(task("{\"method\":\"userrecaptcha\",\"sitekey\":\"k\",\"pageurl\":\"example.com/x\"}")))
                .containsExactly("\"pageurl\" must be an absolute http(s) URL, got \"example.com/x\"");
        assertThat(strict.problems(task("{\"method\":\"turnstile\",\"sitekey\":\"k\",\"pageurl\":\"ftp://example.com/x\"}")))
                .containsExactly("\"pageurl\" must be an absolute http(s) URL, got \"ftp://example.com/x\"");
    }

    @Test
    void missingParametersNameTheMethodThatNeedsThem() {
        assertThat(strict.problems(task("{\"method\":\"hcaptcha\"}"))).containsExactly(
                "\"sitekey\" is missing (method \"hcaptcha\" needs it)",
                "\"pageurl\" is missing (method \"hcaptcha\" needs it)");
        assertThat(strict.problems(task("{\"method\":\"userrecaptcha\",\"sitekey\":42,\"pageurl\":\"https://a.b\"}")))
                .containsExactly("\"sitekey\" must be a non-empty string, got 42");
        assertThat(strict.problems(task("{\"sitekey\":\"k\"}"))).containsExactly(
                "\"method\" is missing: say which kind of CAPTCHA this is, e.g. \"method\": \"userrecaptcha\" (or give a JSON-API \"type\")");
    }

    @Test
    void unknownMethodsNeedTheFlagAndThenPassThrough() {
        ObjectNode funcaptcha = task("{\"method\":\"funcaptcha\",\"publickey\":\"p\"}");
        assertThat(strict.problems(funcaptcha)).containsExactly("unknown method \"funcaptcha\": known methods are userrecaptcha,"
                + " hcaptcha, turnstile, base64; --allow-unknown-methods passes others through");
        assertThat(lenient.problems(funcaptcha)).isEmpty();
        assertThat(lenient.problems(task("{\"method\":\"funcaptcha\",\"pageurl\":\"nope\"}")))
                .containsExactly("\"pageurl\" must be an absolute http(s) URL, got \"nope\"");
    }

    @Test
    void jsonApiTypesNeedWebsiteUrlAndKey() {
        assertThat(strict.problems(task("{\"type\":\"RecaptchaV2TaskProxyless\",\"websiteURL\":\"https://a.b/\",\"websiteKey\":\"k\"}")))
                .isEmpty();
        assertThat(strict.problems(task("{\"type\":\"TurnstileTaskProxyless\",\"websiteURL\":\"a.b\"}"))).containsExactly(
                "\"websiteURL\" must be an absolute http(s) URL, got \"a.b\"",
                "\"websiteKey\" is missing (type \"TurnstileTaskProxyless\" needs it)");
        assertThat(strict.problems(task("{\"type\":\"FunCaptchaTask\"}"))).containsExactly("unknown type \"FunCaptchaTask\": known types are"
                + " RecaptchaV2Task, RecaptchaV3Task, HCaptchaTask, TurnstileTask, ImageToTextTask and their variants;"
                + " --allow-unknown-methods passes others through");
        assertThat(lenient.problems(task("{\"type\":\"FunCaptchaTask\"}"))).isEmpty();
    }

    @Test
    void imagesMustDecodeAndFitTheProvidersLimits() {
        String ok = Base64.getEncoder().encodeToString(new byte[1000]);
        String tiny = Base64.getEncoder().encodeToString(new byte[10]);
        String huge = Base64.getEncoder().encodeToString(new byte[500_001]);
        assertThat(strict.problems(task("{\"method\":\"base64\",\"body\":\"" + ok + "\"}"))).isEmpty();
        assertThat(strict.problems(task("{\"type\":\"ImageToTextTask\",\"body\":\"" + ok + "\"}"))).isEmpty();
        assertThat(strict.problems(task("{\"method\":\"base64\",\"body\":\"" + tiny + "\"}")))
                .containsExactly("\"body\" decodes to 10 bytes; an image must be 100 to 500000 bytes");
        assertThat(strict.problems(task("{\"method\":\"base64\",\"body\":\"" + huge + "\"}")))
                .containsExactly("\"body\" decodes to 500001 bytes; an image must be 100 to 500000 bytes");
        assertThat(strict.problems(task("{\"method\":\"base64\",\"body\":\"%%%not base64\"}")))
                .singleElement().asString().startsWith("\"body\" must be base64-encoded image bytes: ");
    }

    static ObjectNode task(String json) {
        return (ObjectNode) Json.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "test task");
    }
}
