package io.captchafleet.common.redact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(text);
    }

    private static String redacted(String text) throws Exception {
        return Json.write(Redactor.redact(json(text)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # 2captcha's proxy parameter, and the same with a URL scheme (CapSolver's URL forms)
            alice:s3cret@10.0.0.1:3128                 | [redacted]@10.0.0.1:3128
            http://alice:s3cret@10.0.0.1:3128          | http://[redacted]@10.0.0.1:3128
            socks5://alice:s3cret@proxy.example:1080   | socks5://[redacted]@proxy.example:1080
            http://alice@10.0.0.1:3128                 | http://[redacted]@10.0.0.1:3128
            alice:p@ss:w0rd@10.0.0.1:3128              | [redacted]@10.0.0.1:3128
            # CapSolver and CapMonster: host:port:user:pass, optionally after the proxy type
            10.0.0.1:3128:alice:s3cret                 | 10.0.0.1:3128:[redacted]
            socks5:192.191.100.10:4780:alice:s3cret    | socks5:192.191.100.10:4780:[redacted]
            HTTP:10.0.0.1:3128:alice:s3c:ret@x         | HTTP:10.0.0.1:3128:[redacted]
            [2001:db8::1]:8080:alice:s3cret            | [2001:db8::1]:8080:[redacted]
            # forms some proxy sellers write
            10.0.0.1:3128@alice:s3cret                 | 10.0.0.1:3128@[redacted]
            alice:s3cret:10.0.0.1:3128                 | [redacted]:10.0.0.1:3128
            # nothing else recognisable with two or more colons: all of it
            alice:s3cret:zz                            | [redacted]
            """)
    void everyDocumentedProxyFormKeepsSchemeHostAndPort(String proxy, String expected) {
        assertThat(Redactor.redactProxy(proxy)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"10.0.0.1:3128", "proxy.example", "http://10.0.0.1:3128", "socks5:10.0.0.1:1080", "[2001:db8::1]:8080",
        "https://proxy.example:443/"})
    void aProxyWithoutCredentialsIsTheSameString(String proxy) {
        assertThat(Redactor.redactProxy(proxy)).isSameAs(proxy);
    }

    @Test
    void separateProxyFieldsLoseLoginAndPasswordAndKeepTypeAddressAndPort() throws Exception {
        assertThat(redacted("{\"type\":\"RecaptchaV2Task\",\"proxyType\":\"http\",\"proxyAddress\":\"10.0.0.1\",\"proxyPort\":3128,"
                + "\"proxyLogin\":\"alice\",\"proxyPassword\":\"s3cret\",\"userAgent\":\"Mozilla/5.0\"}"))
                .isEqualTo("{\"type\":\"RecaptchaV2Task\",\"proxyType\":\"http\",\"proxyAddress\":\"10.0.0.1\",\"proxyPort\":3128,"
                        + "\"proxyLogin\":\"[redacted]\",\"proxyPassword\":\"[redacted]\",\"userAgent\":\"Mozilla/5.0\"}");
    }

    @Test
    void snakeAndKebabSpellingsOfTheProxyFieldsAreSecretToo() throws Exception {
        assertThat(redacted("{\"proxy_login\":\"alice\",\"PROXY-PASSWORD\":\"s3cret\",\"proxy_address\":\"alice:s3cret@10.0.0.1:3128\"}"))
                .isEqualTo("{\"proxy_login\":\"[redacted]\",\"PROXY-PASSWORD\":\"[redacted]\",\"proxy_address\":\"[redacted]@10.0.0.1:3128\"}");
    }

    @Test
    void aProxyObjectLosesItsCredentialsAndKeepsItsAddress() throws Exception {
        assertThat(redacted("{\"proxy\":{\"scheme\":\"http\",\"host\":\"10.0.0.1\",\"port\":\"8000\",\"username\":\"alice\",\"password\":\"s3cret\"}}"))
                .isEqualTo("{\"proxy\":{\"scheme\":\"http\",\"host\":\"10.0.0.1\",\"port\":\"8000\",\"username\":\"[redacted]\",\"password\":\"[redacted]\"}}");
        assertThat(redacted("{\"proxies\":[\"10.0.0.1:3128:alice:s3cret\",\"10.0.0.2:3128\"]}"))
                .isEqualTo("{\"proxies\":[\"10.0.0.1:3128:[redacted]\",\"10.0.0.2:3128\"]}");
    }

    @Test
    void aUserNameOutsideAProxyIsNoSecret() throws Exception {
        ObjectNode task = json("{\"method\":\"base64\",\"username\":\"alice\",\"login\":\"form\"}");
        assertThat(Redactor.redact(task)).isSameAs(task);
    }

    @Test
    void cookiesInEveryProviderSpellingAreRemoved() throws Exception {
        assertThat(redacted("{\"cookies\":\"KEY1:Value1;KEY2:Value2;\"}")).isEqualTo("{\"cookies\":\"[redacted]\"}"); // 2captcha
        assertThat(redacted("{\"cookies\":\"sid=abc; theme=dark\"}")).isEqualTo("{\"cookies\":\"[redacted]\"}"); // Anti-Captcha, CapMonster
        assertThat(redacted("{\"cookies\":[{\"name\":\"__Secure-3PSID\",\"value\":\"AIKk\"}]}")).isEqualTo("{\"cookies\":\"[redacted]\"}"); // CapSolver
        assertThat(redacted("{\"headers\":{\"Cookie\":\"sid=abc\",\"Set-Cookie\":\"sid=abc\",\"Accept\":\"*/*\"}}"))
                .isEqualTo("{\"headers\":{\"Cookie\":\"[redacted]\",\"Set-Cookie\":\"[redacted]\",\"Accept\":\"*/*\"}}");
    }

    @Test
    void secretsAreFoundAtAnyDepthOfObjectsAndArrays() throws Exception {
        assertThat(redacted("{\"method\":\"x\",\"steps\":[{\"task\":{\"clientKey\":\"k-1\",\"proxy\":\"a:b@10.0.0.1:1\"}},[{\"apiKey\":\"k-2\"}]]}"))
                .isEqualTo("{\"method\":\"x\",\"steps\":[{\"task\":{\"clientKey\":\"[redacted]\",\"proxy\":\"[redacted]@10.0.0.1:1\"}},[{\"apiKey\":\"[redacted]\"}]]}");
    }

    @Test
    void theOriginalIsNotModified() throws Exception {
        ObjectNode task = json("{\"proxy\":\"alice:s3cret@10.0.0.1:3128\",\"cookies\":\"sid=abc\"}");
        Redactor.redact(task);
        assertThat(Json.write(task)).isEqualTo("{\"proxy\":\"alice:s3cret@10.0.0.1:3128\",\"cookies\":\"sid=abc\"}");
    }

    @Test
    void taskWithoutSecretsIsReturnedAsIs() throws Exception {
        ObjectNode task = json("{\"method\":\"turnstile\",\"proxy\":\"10.0.0.1:3128\",\"proxyType\":\"HTTP\",\"nested\":[{\"a\":1},\"x:y:z\"],"
                + "\"cookies\":null}");
        assertThat(Redactor.redact(task)).isSameAs(task);
        assertThat(Redactor.redact(null)).isNull();
    }

    @Test
    void scrubMasksEveryOccurrenceOfTheSecret() {
        assertThat(Secrets.scrub("GET /in.php?key=abc123&x=abc123", "abc123")).isEqualTo("GET /in.php?key=***&x=***");
    }
}
