package io.captchafleet.common.redact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.Json;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void proxyCredentialsAndCookiesAreRemovedButTheProxyHostStays() throws Exception {
        ObjectNode task = (ObjectNode) Json.MAPPER.readTree("{\"method\":\"userrecaptcha\",\"sitekey\":\"k\","
                + "\"proxy\":\"alice:s3cret@10.0.0.1:3128\",\"proxytype\":\"HTTP\",\"cookies\":\"sid=abc\","
                + "\"task\":{\"proxyLogin\":\"alice\",\"proxyPassword\":\"s3cret\",\"proxyAddress\":\"10.0.0.1\"}}");

        ObjectNode redacted = Redactor.redact(task);

        String text = Json.write(redacted);
        assertThat(text).doesNotContain("s3cret", "alice", "sid=abc");
        assertThat(redacted.get("proxy").asText()).isEqualTo("[redacted]@10.0.0.1:3128");
        assertThat(redacted.get("proxytype").asText()).isEqualTo("HTTP");
        assertThat(redacted.at("/task/proxyAddress").asText()).isEqualTo("10.0.0.1");
        assertThat(Json.write(task)).contains("s3cret"); // the original is not modified
    }

    @Test
    void taskWithoutSecretsIsReturnedAsIs() throws Exception {
        ObjectNode task = (ObjectNode) Json.MAPPER.readTree("{\"method\":\"turnstile\",\"proxy\":\"10.0.0.1:3128\"}");
        assertThat(Redactor.redact(task)).isSameAs(task);
    }

    @Test
    void proxyUrlWithSchemeKeepsSchemeAndHost() {
        assertThat(Redactor.redactProxy("http://u:p@proxy.example:8080")).isEqualTo("http://[redacted]@proxy.example:8080");
    }

    @Test
    void scrubMasksEveryOccurrenceOfTheSecret() {
        assertThat(Secrets.scrub("GET /in.php?key=abc123&x=abc123", "abc123")).isEqualTo("GET /in.php?key=***&x=***");
    }
}
