package io.captchafleet.common.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.serde.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The redactor over generated proxies: in every documented form, whatever the host, port, login and
 * password, the credentials are gone and the host and port are kept. Logins start with 'U' and
 * passwords with 'P' so that no host, port, scheme or {@code [redacted]} can contain them by chance.
 */
class RedactorPropertiesTest {

    record Proxy(String scheme, String host, int port, String user, String password) {
    }

    @Provide
    Arbitrary<Proxy> proxies() {
        Arbitrary<String> ipv4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(parts -> String.join(".", parts.stream().map(String::valueOf).toList()));
        Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-').ofMinLength(1).ofMaxLength(12)
                .map(s -> "p" + s + ".example");
        Arbitrary<String> user = Arbitraries.strings().alpha().numeric().withChars("._-").ofMaxLength(12).map(s -> "U" + s);
        // A password may hold ':' and '@': the forms must still find the host.
        Arbitrary<String> password = Arbitraries.strings().alpha().numeric().withChars("!$%*._~@:-").ofMaxLength(16).map(s -> "P" + s);
        return Combinators.combine(Arbitraries.of("", "http", "https", "socks4", "socks5"), Arbitraries.oneOf(ipv4, name),
                Arbitraries.integers().between(1, 65535), user, password).as(Proxy::new);
    }

    private static List<String> documentedForms(Proxy p) {
        String hostPort = p.host() + ":" + p.port();
        String credentials = p.user() + ":" + p.password();
        String url = p.scheme().isEmpty() ? "" : p.scheme() + "://";
        String type = p.scheme().isEmpty() ? "" : p.scheme() + ":";
        return List.of(url + credentials + "@" + hostPort, type + hostPort + ":" + credentials);
    }

    @Property
    void credentialsAreGoneAndSchemeHostAndPortStay(@ForAll("proxies") Proxy p) {
        for (String proxy : documentedForms(p)) {
            String redacted = Redactor.redactProxy(proxy);
            assertThat(redacted).as(proxy).doesNotContain(p.user(), p.password())
                    .startsWith(p.scheme()).contains(p.host() + ":" + p.port(), Redactor.REDACTED);
            assertThat(Redactor.redactProxy(redacted)).as("redacting twice changes nothing").isEqualTo(redacted);
        }
    }

    @Property
    void aProxyWithoutCredentialsIsLeftAlone(@ForAll("proxies") Proxy p) {
        String plain = p.host() + ":" + p.port();
        assertThat(Redactor.redactProxy(plain)).isSameAs(plain);
        String url = (p.scheme().isEmpty() ? "http" : p.scheme()) + "://" + plain;
        assertThat(Redactor.redactProxy(url)).isSameAs(url);
    }

    @Property
    void separateFieldsLoseTheirCredentialsWhereverTheTaskIs(@ForAll("proxies") Proxy p) {
        ObjectNode task = Json.object();
        ObjectNode inner = task.putArray("tasks").addObject();
        inner.put("proxyType", p.scheme().isEmpty() ? "http" : p.scheme()).put("proxyAddress", p.host()).put("proxyPort", p.port())
                .put("proxyLogin", p.user()).put("proxyPassword", p.password());
        ObjectNode redacted = Redactor.redact(task);
        assertThat(redacted.at("/tasks/0")).isEqualTo(inner.deepCopy().put("proxyLogin", Redactor.REDACTED).put("proxyPassword", Redactor.REDACTED));
    }

    @Property
    void anyStringIsRedactedWithoutFailingAndOnlyOnce(@ForAll String proxy) {
        String once = Redactor.redactProxy(proxy);
        assertThat(Redactor.redactProxy(once)).isEqualTo(once);
    }
}
