package io.captchafleet.common.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.captchafleet.common.InputException;
import org.junit.jupiter.api.Test;

class RetryTierTest {

    @Test
    void defaultTiersAreFiveTenThirtySecondsTwoAndTenMinutes() {
        assertThat(RetryTier.DEFAULTS).extracting(RetryTier::delay).containsExactly(
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10));
        assertThat(TopicLayout.withDefaults("captcha").inputTopics()).containsExactly("captcha.tasks", "captcha.retry.5s",
                "captcha.retry.10s", "captcha.retry.30s", "captcha.retry.2m", "captcha.retry.10m");
    }

    @Test
    void badTierListsAreRefusedNamingTheFlag() {
        assertThatThrownBy(() -> RetryTier.parseList("5s,fast", "--retry-tiers")).isInstanceOf(InputException.class)
                .hasMessage("Invalid value fast for --retry-tiers: each tier must be a whole number and a unit, like 500ms, 5s, 2m or 1h");
        assertThatThrownBy(() -> RetryTier.parseList("10s,5s", "--retry-tiers"))
                .hasMessage("Invalid value 10s,5s for --retry-tiers: tiers must grow, but 5s follows 10s");
    }

    @Test
    void layoutRefusesAPrefixThatIsNotATopicName() {
        assertThatThrownBy(() -> TopicLayout.withDefaults("my prefix"))
                .hasMessage("Invalid value my prefix for --topic-prefix: use letters, digits, '.', '_' or '-'");
    }
}
