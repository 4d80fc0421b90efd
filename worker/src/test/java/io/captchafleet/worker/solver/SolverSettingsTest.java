package io.captchafleet.worker.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;

import io.captchafleet.common.InputException;
import io.captchafleet.common.model.TaskKind;
import io.captchafleet.common.provider.ProviderProfile;
import io.captchafleet.common.provider.ProviderProfiles;
import org.junit.jupiter.api.Test;

class SolverSettingsTest {
    private static final ProviderProfile TWOCAPTCHA = ProviderProfiles.byName("2captcha");

    private static SolverSettings.Builder builder() {
        return SolverSettings.builder(TWOCAPTCHA, ApiKey.of("k"));
    }

    @Test
    void defaultsComeFromOnePlaceAndTheProfile() {
        SolverSettings s = builder().build();
        assertThat(s.maxConcurrentSubmits()).isEqualTo(8);
        assertThat(s.submitsPerSecond()).isEqualTo(19);
        assertThat(s.submitTimeout()).isEqualTo(Duration.ofSeconds(35));
        assertThat(s.pollRequestTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.attemptTimeout()).isEqualTo(Duration.ofMinutes(6));
        assertThat(s.multiIdChunk()).isEqualTo(100);
        assertThat(s.pollBudget()).isEqualTo(20);
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.firstPollDelay(TaskKind.RECAPTCHA_V2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.firstPollDelay(TaskKind.IMAGE)).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.toString()).doesNotContain("k,");
    }

    @Test
    void overridesReplaceTheProfilesValues() {
        SolverSettings s = builder().submitsPerSecond(0).firstPollDelay(Duration.ofSeconds(1)).pollInterval(Duration.ofSeconds(2))
                .pollBudget(7).build();
        assertThat(s.submitsPerSecond()).isZero();
        assertThat(s.firstPollDelay(TaskKind.RECAPTCHA_V2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.pollBudget()).isEqualTo(7);
    }

    private static void rejected(UnaryOperator<SolverSettings.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(builder()).build()).isInstanceOf(InputException.class).hasMessage(message);
    }

    @Test
    void everyBadValueIsNamedWithItsFlag() {
        rejected(b -> b.maxConcurrentSubmits(0), "Invalid value 0 for --max-concurrent-submits: must be at least 1");
        rejected(b -> b.multiIdChunk(0), "Invalid value 0 for --multi-id-chunk: must be at least 1");
        rejected(b -> b.maxConcurrentPolls(-1), "Invalid value -1 for --max-concurrent-polls: must be at least 1");
        rejected(b -> b.pollBudget(0), "Invalid value 0 for --poll-budget: must be at least 1");
        rejected(b -> b.submitsPerSecond(-1), "Invalid value -1.0 for --submit-rate: must be 0 (no cap) or more");
        rejected(b -> b.submitTimeout(Duration.ZERO), "Invalid value 0s for --submit-timeout: must be more than 0");
        rejected(b -> b.attemptTimeout(Duration.ofMillis(-500)), "Invalid value -500ms for --attempt-timeout: must be more than 0");
        rejected(b -> b.pollInterval(Duration.ZERO), "Invalid value 0s for --poll-interval: must be more than 0");
        rejected(b -> b.firstPollDelay(Duration.ofSeconds(-1)), "Invalid value -1s for --poll-initial-delay: must not be negative");
    }
}
