package io.captchafleet.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The optional Kubernetes component for provider callbacks ({@code deploy/k8s/pingback}): off unless the
 * fleet's kustomization names it; when on, what it gives the workers is flags {@code captcha-fleet worker}
 * takes, the secret is a generated Secret mounted where the worker reads it, and the Ingress exposes only
 * {@code /pingback/} of the workers' port.
 */
class PingbackComponentTest {
    private static final String DIR = "deploy/k8s/pingback/";
    private final Map<String, Object> kustomization = Repo.yaml(DIR + "kustomization.yaml");

    @Test
    void itIsOffByDefaultAndListsEveryFileOfItsFolder() throws IOException {
        assertThat(Repo.yaml(Kustomization.FILE)).doesNotContainKey("components");
        assertThat(Y.string(kustomization, "kind", DIR)).isEqualTo("Component");
        Set<String> listed = new TreeSet<>();
        Y.list(kustomization, "resources", DIR).forEach(r -> listed.add(String.valueOf(r)));
        Y.list(kustomization, "patches", DIR).forEach(p -> listed.add(Y.string(p, "path", DIR)));
        Set<String> files;
        try (Stream<Path> list = Files.list(Repo.path(DIR))) {
            files = list.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".yaml")).filter(f -> !f.startsWith("kustomization."))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(listed).isEqualTo(files);
    }

    @Test
    void theWorkersGetOnlyFlagsTheWorkerTakesAndTheSecretWhereItReadsIt() {
        Map<String, String> env = new HashMap<>();
        Y.map(Repo.yaml(DIR + "worker-config.yaml"), "data", DIR).forEach((k, v) -> env.put(k, String.valueOf(v)));
        Object container = Y.list(Repo.yaml(DIR + "worker-secret.yaml"), "spec.template.spec.containers", DIR).get(0);
        for (Object e : Y.list(container, "env", DIR)) {
            env.put(Y.string(e, "name", DIR), Y.string(e, "value", DIR));
        }
        assertThat(new CliInvocation(DIR, List.of("worker"), env).problems()).isEmpty();
        assertThat(env).containsKeys("CAPTCHA_FLEET_WORKER_PINGBACK_URL", "CAPTCHA_FLEET_WORKER_PINGBACK_SECRET_FILE");

        String secretFile = env.get("CAPTCHA_FLEET_WORKER_PINGBACK_SECRET_FILE");
        Object mount = Y.list(container, "volumeMounts", DIR).get(0);
        assertThat(secretFile).isEqualTo(Y.string(mount, "mountPath", DIR) + "/pingback.secret");
        Object volume = Y.list(Repo.yaml(DIR + "worker-secret.yaml"), "spec.template.spec.volumes", DIR).get(0);
        Object generator = Y.list(kustomization, "secretGenerator", DIR).get(0);
        assertThat(Y.string(volume, "secret.secretName", DIR)).isEqualTo(Y.string(generator, "name", DIR));
        assertThat(String.valueOf(Y.list(generator, "files", DIR).get(0))).startsWith("pingback.secret=secrets/");
        assertThat(Repo.read(".gitignore")).contains("/deploy/k8s/pingback/secrets/");
    }

    @Test
    void theIngressRoutesOnlyPingbackToAServiceOnTheWorkersPort() {
        Map<String, Object> service = Repo.yaml(DIR + "service.yaml");
        Map<String, Object> ingress = Repo.yaml(DIR + "ingress.yaml");
        assertThat(Y.map(service, "spec.selector", DIR)).containsEntry("app.kubernetes.io/component", "worker");
        assertThat(Y.string(Y.list(service, "spec.ports", DIR).get(0), "targetPort", DIR)).isEqualTo("metrics");
        List<String> paths = new ArrayList<>();
        for (Object rule : Y.list(ingress, "spec.rules", DIR)) {
            for (Object path : Y.list(rule, "http.paths", DIR)) {
                paths.add(Y.string(path, "path", DIR));
                assertThat(Y.string(path, "backend.service.name", DIR)).isEqualTo(Y.string(service, "metadata.name", DIR));
            }
        }
        assertThat(paths).containsExactly("/pingback/");
        String url = String.valueOf(Y.map(Repo.yaml(DIR + "worker-config.yaml"), "data", DIR).get("CAPTCHA_FLEET_WORKER_PINGBACK_URL"));
        assertThat(url).isEqualTo("https://" + Y.string(Y.list(ingress, "spec.rules", DIR).get(0), "host", DIR) + "/pingback");
    }
}
