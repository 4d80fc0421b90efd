package io.captchafleet.worker.solver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.worker.solver.ApiKey;
import org.junit.jupiter.api.Test;

/**
 * Provider text is masked where it is read, after JSON unescaping: a key the provider wrote with JSON
 * escapes that no replacement in the raw body could see (a digit as a unicode escape, PHP's escaped
 * slash) is still gone.
 */
class ProviderTextTest {
    private static final String KEY = "k3y/0dd";
    private final ProviderText text = new ProviderText(ApiKey.of(KEY));

    @Test
    void aLegacyAnswerIsMaskedAfterItsEscapesAreRead() {
        LegacyAnswer parsed = LegacyAnswer.parse(text,
                "{\"status\":0,\"request\":\"ERROR_WRONG_USER_KEY: k\\u0033y\\/0dd\",\"error_text\":\"key k\\u0033y\\/0dd\"}");
        assertThat(parsed).isEqualTo(new LegacyAnswer(false, "ERROR_WRONG_USER_KEY: ***", "key ***", null));
        assertThat(text.error(parsed.request(), parsed.errorText()))
                .isEqualTo(new Answer.ApiError("ERROR_WRONG_USER_KEY: ***", "the API answered ERROR_WRONG_USER_KEY: *** (key ***)"));
    }

    @Test
    void jsonFieldsAndWholeValuesAreMasked() {
        ObjectNode json = ProviderText.object("{\"errorCode\":\"k\\u0033y\\/0dd\",\"solution\":{\"k\\u0033y/0dd\":[\"k3y/0dd\"]},\"n\":4711}");
        assertThat(text.text(json, "errorCode")).isEqualTo("***");
        assertThat(text.text(json, "solution")).isEqualTo("{\"***\":[\"***\"]}");
        assertThat(text.text(json, "n")).isEqualTo("4711");
        assertThat(text.text(json, "absent")).isNull();
    }

    @Test
    void plainTextAndExcerptsAreMaskedBeforeTheyAreCut() {
        assertThat(LegacyAnswer.parse(text, " ERROR_KEY_DOES_NOT_EXIST k3y/0dd\n")).isEqualTo(new LegacyAnswer(false, "ERROR_KEY_DOES_NOT_EXIST ***", null, null));
        String longBody = "x".repeat(117) + KEY + "y".repeat(50);
        assertThat(text.excerpt(longBody)).isEqualTo("\"" + "x".repeat(117) + "***\"...");
        assertThat(text.excerpt("  \n")).isEqualTo("(empty)");
    }

    @Test
    void aTextThatIsNoApiErrorIsNoLegacyAnswer() {
        assertThat(LegacyAnswer.parse(text, "k3y/0dd")).isNull();
        assertThat(LegacyAnswer.parse(text, "<html>ERROR_X</html>")).isNull();
        assertThat(LegacyAnswer.isErrorCode("ERROR_CAPTCHA_UNSOLVABLE: ***")).isTrue();
        assertThat(LegacyAnswer.isErrorCode("MAX_USER_TURN")).isTrue();
        assertThat(LegacyAnswer.isErrorCode("03AGdBq24PBCbwiDRaS_MJ7Z")).isFalse();
        assertThat(LegacyAnswer.isErrorCode("SOME_TOKEN_TEXT")).isFalse();
    }
}
