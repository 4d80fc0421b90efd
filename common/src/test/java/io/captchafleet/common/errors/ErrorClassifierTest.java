package io.captchafleet.common.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import io.captchafleet.common.provider.ProviderProfiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** One table that names every code the classifier knows, per provider where meanings differ. */
class ErrorClassifierTest {

    /** profile | code | phase | category | action | wait (s) | account-wide | push-back */
    private static final String TABLE = String.join("\n",
            "2captcha | ERROR_NO_SLOT_AVAILABLE | SUBMIT | TRANSIENT | RETRY_LATER | 5 | false | true",
            "2captcha | MAX_USER_TURN | SUBMIT | TRANSIENT | RETRY_LATER | 10 | true | true",
            "2captcha | ERROR_TOO_MUCH_REQUESTS | SUBMIT | TRANSIENT | RETRY_LATER | 10 | true | true",
            "capsolver | ERROR_RATE_LIMIT | SUBMIT | TRANSIENT | RETRY_LATER | 10 | true | true",
            "2captcha | ERROR: 1001 | SUBMIT | TRANSIENT | RETRY_LATER | 600 | true | true",
            "2captcha | ERROR: 1002 | SUBMIT | TRANSIENT | RETRY_LATER | 300 | true | true",
            "2captcha | ERROR: 1003 | SUBMIT | TRANSIENT | RETRY_LATER | 30 | true | true",
            "2captcha | ERROR: 1004 | SUBMIT | TRANSIENT | RETRY_LATER | 600 | true | true",
            "2captcha | ERROR: 1005 | POLL | TRANSIENT | POLL_AGAIN | 300 | true | true",
            "2captcha | IP_BANNED | SUBMIT | TRANSIENT | RETRY_LATER | 300 | true | true",
            "capmonster | ERROR_IP_BANNED | SUBMIT | TRANSIENT | RETRY_LATER | 300 | true | true",
            "anti-captcha | ERROR_IP_BLOCKED | POLL | TRANSIENT | POLL_AGAIN | 300 | true | true",
            "capsolver | ERROR_SERVICE_UNAVALIABLE | SUBMIT | TRANSIENT | RETRY_LATER | 0 | false | false",
            "capsolver | ERROR_SERVICE_UNAVAILABLE | POLL | TRANSIENT | POLL_AGAIN | 0 | false | false",
            "2captcha | ERROR_NO_SUCH_CAPCHA_ID | POLL | TRANSIENT | RESUBMIT | 0 | false | false",
            "2captcha | ERROR_WRONG_CAPTCHA_ID | POLL | TRANSIENT | RESUBMIT | 0 | false | false",
            "capsolver | ERROR_TASKID_INVALID | POLL | TRANSIENT | RESUBMIT | 0 | false | false",
            "2captcha | ERROR_CAPTCHA_UNSOLVABLE | POLL | TASK | RETRY_ONCE | 0 | false | false",
            "2captcha | ERROR_BAD_DUPLICATES | POLL | TASK | RETRY_ONCE | 0 | false | false",
            "2captcha | TIMEOUT | POLL | TASK | RETRY_ONCE | 0 | false | false",
            "capsolver | ERROR_TASK_TIMEOUT | POLL | TASK | RETRY_ONCE | 0 | false | false",
            "capmonster | ERROR_MAXIMUM_TIME_EXCEED | POLL | TASK | RETRY_ONCE | 0 | false | false",
            "capsolver | ERROR_UNKNOWN_QUESTION | POLL | TASK | RETRY_ONCE | 0 | false | false",
            "anti-captcha | ERROR_RECAPTCHA_TIMEOUT | POLL | TASK | RETRY_ONCE | 0 | false | false",
            "anti-captcha | ERROR_TOKEN_EXPIRED | POLL | TASK | RETRY_ONCE | 0 | false | false",
            "anti-captcha | ERROR_PROXY_CONNECT_REFUSED | POLL | TASK | RETRY_ONCE | 0 | false | false",
            "anti-captcha | ERROR_PROXY_CONNECT_TIMEOUT | POLL | TASK | RETRY_ONCE | 0 | false | false",
            "anti-captcha | ERROR_PROXY_READ_TIMEOUT | POLL | TASK | RETRY_ONCE | 0 | false | false",
            "capsolver | ERROR_PROXY_BANNED | POLL | TASK | RETRY_ONCE | 0 | false | false",
            "anti-captcha | ERROR_PROXY_TRANSPARENT | POLL | TASK | RETRY_ONCE | 0 | false | false",
            "2captcha | ERROR_PROXY_CONNECTION_FAILED | POLL | TASK | RETRY_ONCE | 0 | false | false",
            "2captcha | ERROR_FAILED_LOADING_WIDGET | POLL | TASK | RETRY_ONCE | 0 | false | false",
            "2captcha | ERROR_PAGEURL | SUBMIT | INVALID | FAIL | 0 | false | false",
            "2captcha | ERROR_GOOGLEKEY | SUBMIT | INVALID | FAIL | 0 | false | false",
            "2captcha | ERROR_WRONG_GOOGLEKEY | POLL | INVALID | FAIL | 0 | false | false",
            "2captcha | ERROR_BAD_TOKEN_OR_PAGEURL | POLL | INVALID | FAIL | 0 | false | false",
            "2captcha | ERROR_BAD_PARAMETERS | SUBMIT | INVALID | FAIL | 0 | false | false",
            "2captcha | ERROR_SITEKEY | SUBMIT | INVALID | FAIL | 0 | false | false",
            "anti-captcha | ERROR_ZERO_CAPTCHA_FILESIZE | SUBMIT | INVALID | FAIL | 0 | false | false",
            "2captcha | ERROR_TOO_BIG_CAPTCHA_FILESIZE | SUBMIT | INVALID | FAIL | 0 | false | false",
            "2captcha | ERROR_WRONG_FILE_EXTENSION | SUBMIT | INVALID | FAIL | 0 | false | false",
            "2captcha | ERROR_IMAGE_TYPE_NOT_SUPPORTED | SUBMIT | INVALID | FAIL | 0 | false | false",
            "2captcha | ERROR_UPLOAD | SUBMIT | INVALID | FAIL | 0 | false | false",
            "2captcha | ERROR_CAPTCHAIMAGE_BLOCKED | SUBMIT | INVALID | FAIL | 0 | false | false",
            "2captcha | ERROR_BAD_PROXY | SUBMIT | INVALID | FAIL | 0 | false | false",
            "anti-captcha | ERROR_RECAPTCHA_INVALID_SITEKEY | POLL | INVALID | FAIL | 0 | false | false",
            "anti-captcha | ERROR_RECAPTCHA_INVALID_DOMAIN | POLL | INVALID | FAIL | 0 | false | false",
            "anti-captcha | ERROR_TASK_ABSENT | SUBMIT | INVALID | FAIL | 0 | false | false",
            "anti-captcha | ERROR_TASK_NOT_SUPPORTED | SUBMIT | INVALID | FAIL | 0 | false | false",
            "anti-captcha | ERROR_NO_SUCH_METHOD | SUBMIT | INVALID | FAIL | 0 | false | false",
            "capsolver | ERROR_INVALID_TASK_DATA | SUBMIT | INVALID | FAIL | 0 | false | false",
            "capsolver | ERROR_INVALID_IMAGE | SUBMIT | INVALID | FAIL | 0 | false | false",
            "capsolver | ERROR_BAD_REQUEST | SUBMIT | INVALID | FAIL | 0 | false | false",
            "anti-captcha | ERROR_INCORRECT_SESSION_DATA | SUBMIT | INVALID | FAIL | 0 | false | false",
            "capmonster | ERROR_DOMAIN_NOT_ALLOWED | SUBMIT | INVALID | FAIL | 0 | false | false",
            "2captcha | ERROR_WRONG_USER_KEY | SUBMIT | CONFIGURATION | HALT | 0 | false | false",
            "2captcha | ERROR_KEY_DOES_NOT_EXIST | SUBMIT | CONFIGURATION | HALT | 0 | false | false",
            "2captcha | ERROR_IP_NOT_ALLOWED | POLL | CONFIGURATION | HALT | 0 | false | false",
            "capsolver | ERROR_KEY_DENIED_ACCESS | SUBMIT | CONFIGURATION | HALT | 0 | false | false",
            "2captcha | ERROR_IP_ADDRES | SUBMIT | CONFIGURATION | HALT | 0 | false | false",
            "2captcha | ERROR_ACCOUNT_SUSPENDED | SUBMIT | CONFIGURATION | HALT | 0 | false | false",
            "2captcha | ERROR_ZERO_BALANCE | SUBMIT | BUDGET | HALT | 0 | false | false",
            "rucaptcha | ERROR_ZERO_BALANCE | SUBMIT | BUDGET | HALT | 0 | false | false",
            "custom | ERROR_ZERO_BALANCE | SUBMIT | BUDGET | HALT | 0 | false | false",
            "anti-captcha | ERROR_ZERO_BALANCE | SUBMIT | BUDGET | HALT | 0 | false | false",
            "capsolver | ERROR_ZERO_BALANCE | SUBMIT | BUDGET | HALT | 0 | false | false",
            "capmonster | ERROR_ZERO_BALANCE | SUBMIT | BUDGET | HALT | 0 | false | false",
            "captchaai | ERROR_ZERO_BALANCE | SUBMIT | TRANSIENT | RETRY_LATER | 5 | false | true",
            "capsolver | ERROR_SETTLEMENT_FAILED | SUBMIT | BUDGET | HALT | 0 | false | false",
            "2captcha | ERROR_SOMETHING_NEW | SUBMIT | TASK | RETRY_ONCE | 0 | false | false");

    static Stream<Arguments> table() {
        return Arrays.stream(TABLE.split("\n")).map(line -> {
            String[] c = Arrays.stream(line.split("\\|")).map(String::strip).toArray(String[]::new);
            return Arguments.of(c[0], c[1], Phase.valueOf(c[2]), ErrorCategory.valueOf(c[3]), ErrorAction.valueOf(c[4]),
                    Duration.ofSeconds(Long.parseLong(c[5])), Boolean.parseBoolean(c[6]), Boolean.parseBoolean(c[7]));
        });
    }

    @ParameterizedTest(name = "{0} {1} on {2} -> {3} {4}")
    @MethodSource("table")
    void classifiesEveryCode(String profile, String code, Phase phase, ErrorCategory category, ErrorAction action,
                             Duration wait, boolean accountWide, boolean pushBack) {
        Classification c = ProviderProfiles.byName(profile).classifier().classify(code, phase);
        assertThat(c.category()).isEqualTo(category);
        assertThat(c.action()).isEqualTo(action);
        assertThat(c.waitFor()).isEqualTo(wait);
        assertThat(c.accountWide()).isEqualTo(accountWide);
        assertThat(c.pushBack()).isEqualTo(pushBack);
    }

    @Test
    void theTableNamesEveryKnownCode() {
        Set<String> inTable = new HashSet<>();
        table().forEach(a -> inTable.add((String) a.get()[1]));
        assertThat(inTable).containsAll(ErrorClassifier.knownCodes());
    }

    @Test
    void unknownCodesAreTaskErrorsCountedUnderTheirOwnLabel() {
        Classification c = ErrorClassifier.standard().classify("ERROR_NEVER_SEEN", Phase.SUBMIT);
        assertThat(c.known()).isFalse();
        assertThat(c.metricLabel()).isEqualTo("unknown");
        assertThat(c.code()).isEqualTo("ERROR_NEVER_SEEN");
        assertThat(ErrorClassifier.standard().classify("ERROR_PAGEURL", Phase.SUBMIT).metricLabel()).isEqualTo("ERROR_PAGEURL");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ERROR_KEY_DOES_NOT_EXIST: key 1abc2def       | ERROR_KEY_DOES_NOT_EXIST
            ERROR_WRONG_USER_KEY (key 1abc2def)          | ERROR_WRONG_USER_KEY
            '  ERROR_ZERO_BALANCE  '                     | ERROR_ZERO_BALANCE
            ERROR:1005                                   | ERROR: 1005
            ERROR: 1001 too many requests                | ERROR: 1001
            TIMEOUT                                      | TIMEOUT
            ERROR_NEVER_SEEN                             | ERROR_NEVER_SEEN
            """)
    void theCodeIsTheLeadingCodeOfWhatTheApiAnswered(String text, String code) {
        assertThat(ErrorClassifier.standard().classify(text, Phase.SUBMIT).code()).isEqualTo(code);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            1abc2def3abc4def5abc6def7abc8def
            ***
            <html><body>nginx</body></html>
            key 1abc2def does not exist
            KEY
            ERROR_lowercase_tail
            error_key_does_not_exist
            null
            ''
            """)
    void aTextThatIsNoCodeIsAnUnknownError(String text) {
        Classification c = ErrorClassifier.standard().classify(text, Phase.SUBMIT);
        assertThat(c.code()).isEqualTo("UNKNOWN_ERROR");
        assertThat(c.known()).isFalse();
        assertThat(c.metricLabel()).isEqualTo("unknown");
        assertThat(c.action()).isEqualTo(ErrorAction.RETRY_ONCE);
    }

    @Test
    void anOverlongCodeIsNoCode() {
        String code = "ERROR_" + "X".repeat(58);
        assertThat(ErrorClassifier.standard().classify(code, Phase.POLL).code()).isEqualTo(code);
        assertThat(ErrorClassifier.standard().classify(code + "X", Phase.POLL).code()).isEqualTo("UNKNOWN_ERROR");
    }

    @Test
    void garbageCodesShareOneBoundedLabel() {
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            labels.add(ErrorClassifier.standard().classify("ERROR_GARBAGE_" + i + ": " + i, Phase.SUBMIT).metricLabel());
            labels.add(ErrorClassifier.standard().classify("garbage " + i, Phase.POLL).metricLabel());
        }
        assertThat(labels).containsExactly("unknown");
    }

    @Test
    void fatalCodesHaltOnEitherPhase() {
        for (Phase phase : Phase.values()) {
            assertThat(ErrorClassifier.standard().classify("ERROR_WRONG_USER_KEY", phase).category().fatal()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("transport")
    void everyTransportFailureIsTransientAndPollSideMeansPollAgain(TransportFailure failure, Phase phase) {
        Classification c = ErrorClassifier.standard().classify(failure, phase, Duration.ZERO);
        assertThat(c.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(c.action()).isEqualTo(phase == Phase.SUBMIT ? ErrorAction.RETRY_LATER : ErrorAction.POLL_AGAIN);
        assertThat(c.pushBack()).isEqualTo(failure == TransportFailure.HTTP_429);
        assertThat(c.code()).isEqualTo(failure.code());
    }

    static Stream<Arguments> transport() {
        return Arrays.stream(TransportFailure.values()).flatMap(f -> Arrays.stream(Phase.values()).map(p -> Arguments.of(f, p)));
    }

    @Test
    void retryAfterOnA429ClosesTheAccountGate() {
        Classification c = ErrorClassifier.standard().classify(TransportFailure.HTTP_429, Phase.SUBMIT, Duration.ofSeconds(7));
        assertThat(c.waitFor()).isEqualTo(Duration.ofSeconds(7));
        assertThat(c.accountWide()).isTrue();
    }
}
