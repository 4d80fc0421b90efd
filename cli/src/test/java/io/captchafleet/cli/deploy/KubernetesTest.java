package io.captchafleet.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.captchafleet.common.topics.RetryTier;
import io.captchafleet.common.topics.TopicLayout;
import org.junit.jupiter.api.Test;

/** deploy/k8s against the code and against itself: commands, ports, names, selectors and limits. */
class KubernetesTest {
    private final Kustomization k = new Kustomization();
    private final Object workers = k.only("StatefulSet");
    private final Object topicsJob = k.only("Job");
    private final CliInvocation worker = k.invocation(workers);
    private final CliInvocation topics = k.invocation(topicsJob);

    @Test
    void theKustomizationListsEveryManifestAndOnlyThose() throws IOException {
        Set<String> files;
        try (Stream<Path> list = Files.list(Repo.path(Kustomization.DIR))) {
            files = list.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".yaml") || f.endsWith(".yml"))
                    .filter(f -> !f.startsWith("kustomization.")).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(new TreeSet<>(k.resources())).isEqualTo(files);
        assertThat(k.objects.keySet()).allSatisfy(o -> assertThat(Y.stringOrNull(o, "kind")).as(k.objects.get(o)).isNotBlank());
    }

    @Test
    void everyObjectLivesInTheFleetsNamespace() {
        String namespace = Y.string(k.kustomization, "namespace", Kustomization.FILE);
        assertThat(Y.string(k.only("Namespace"), "metadata.name", "Namespace")).isEqualTo(namespace);
        k.objects.keySet().forEach(o -> assertThat(Y.stringOrNull(o, "metadata.namespace")).as(k.where(o)).isIn(null, namespace));
    }

    @Test
    void theWorkersAndTheTopicJobRunCommandsTheCliTakes() {
        List<String> problems = new ArrayList<>(worker.problems());
        problems.addAll(topics.problems());
        assertThat(problems).isEmpty();
        assertThat(worker.subcommand()).containsExactly("worker");
        assertThat(topics.subcommand()).containsExactly("topics", "create");
        assertThat(Y.string(topicsJob, "spec.template.spec.restartPolicy", k.where(topicsJob))).isIn("OnFailure", "Never");
    }

    @Test
    void workersAndTheJobRunTheImageTheKustomizationAndComposeName() {
        Object image = Y.list(k.kustomization, "images", Kustomization.FILE).get(0);
        String name = Y.string(image, "name", Kustomization.FILE + " images");
        for (Object owner : List.of(workers, topicsJob)) {
            assertThat(Y.string(k.container(owner), "image", k.where(owner))).isEqualTo(name + ":" + Y.string(image, "newTag", "images"))
                    .isEqualTo(ComposeTest.IMAGE);
        }
    }

    @Test
    void eachWorkerTakesItsPodNameAsInstanceId() {
        Object var = Y.list(k.container(workers), "env", k.where(workers)).stream()
                .filter(v -> "CAPTCHA_FLEET_WORKER_INSTANCE_ID".equals(Y.stringOrNull(v, "name"))).findFirst()
                .orElseThrow(() -> new AssertionError(k.where(workers) + ": CAPTCHA_FLEET_WORKER_INSTANCE_ID is not set"));
        assertThat(Y.string(var, "valueFrom.fieldRef.fieldPath", k.where(workers))).isEqualTo("metadata.name");
        assertThat(Repo.read(k.objects.get(workers))).as("the StatefulSet says why").contains("static group membership", "transactional id");
    }

    @Test
    void probesAndPortsUseTheWorkersMetricsPort() {
        int metricsPort = (int) worker.value("--metrics-port");
        Object container = k.container(workers);
        assertThat(k.containerPort(workers, "metrics")).isEqualTo(metricsPort);
        assertThat(Y.string(container, "livenessProbe.httpGet.path", "liveness")).isEqualTo("/health");
        assertThat(Y.string(container, "startupProbe.httpGet.path", "startup")).isEqualTo("/health");
        assertThat(Y.string(container, "readinessProbe.httpGet.path", "readiness")).isEqualTo("/ready");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(k.containerPort(workers, Y.string(container, probe + ".httpGet.port", probe))).as(probe).isEqualTo(metricsPort);
        }
        Object service = k.only("Service");
        Object servicePort = Y.list(service, "spec.ports", k.where(service)).get(0);
        assertThat(Y.number(servicePort, "port", "Service port")).isEqualTo(metricsPort);
        assertThat(k.containerPort(workers, Y.string(servicePort, "targetPort", "Service targetPort"))).isEqualTo(metricsPort);
        Object podMonitor = k.only("PodMonitor");
        Object endpoint = Y.list(podMonitor, "spec.podMetricsEndpoints", k.where(podMonitor)).get(0);
        assertThat(k.containerPort(workers, Y.string(endpoint, "port", "PodMonitor port"))).isEqualTo(metricsPort);
        assertThat(Y.string(endpoint, "path", "PodMonitor path")).isEqualTo("/metrics");
    }

    @Test
    void theGracePeriodIsLongerThanTheWorkersShutdownTimeout() {
        long grace = Y.number(workers, "spec.template.spec.terminationGracePeriodSeconds", k.where(workers));
        assertThat(Duration.ofSeconds(grace)).isGreaterThan((Duration) worker.value("--shutdown-timeout"));
    }

    @Test
    void workersRunAsTheImagesNonRootUserWithBoundedMemory() {
        String uid = new Dockerfile().user();
        for (Object owner : List.of(workers, topicsJob)) {
            String where = k.where(owner);
            Object pod = Y.get(owner, "spec.template.spec", where);
            assertThat(Y.string(pod, "securityContext.runAsNonRoot", where)).isEqualTo("true");
            assertThat(Y.string(pod, "securityContext.runAsUser", where)).isNotEqualTo("0").isEqualTo(uid);
            Object container = k.container(owner);
            assertThat(Y.string(container, "securityContext.allowPrivilegeEscalation", where)).isEqualTo("false");
            assertThat(Y.list(container, "securityContext.capabilities.drop", where)).contains("ALL");
            assertThat(Y.string(container, "resources.requests.memory", where)).isNotBlank();
            assertThat(Y.string(container, "resources.limits.memory", where)).isNotBlank();
            assertThat(Y.string(container, "resources.requests.cpu", where)).isNotBlank();
        }
    }

    @Test
    void theApiKeyIsAGeneratedSecretFromAGitIgnoredFileMountedWhereTheWorkerReadsIt() {
        Object generator = Y.list(k.kustomization, "secretGenerator", Kustomization.FILE).get(0);
        String secretName = Y.string(generator, "name", "secretGenerator");
        String[] file = String.valueOf(Y.list(generator, "files", "secretGenerator").get(0)).split("=", 2);
        assertThat(Git.ignores(Kustomization.DIR + file[1])).as(file[1] + " is git-ignored").isTrue();

        Object volume = Y.list(workers, "spec.template.spec.volumes", k.where(workers)).stream()
                .filter(v -> secretName.equals(Y.stringOrNull(v, "secret.secretName"))).findFirst()
                .orElseThrow(() -> new AssertionError(k.where(workers) + ": no volume of Secret " + secretName));
        Object mount = Y.list(k.container(workers), "volumeMounts", k.where(workers)).stream()
                .filter(m -> Y.stringOrNull(volume, "name").equals(Y.stringOrNull(m, "name"))).findFirst().orElseThrow();
        assertThat(worker.value("--api-key-file")).hasToString(Y.string(mount, "mountPath", "mount") + "/" + file[0]);
        k.objects.keySet().forEach(o -> assertThat(Y.stringOrNull(o, "kind")).as(k.where(o)).isNotEqualTo("Secret"));
    }

    @Test
    void theHeadlessServiceSelectsTheWorkerPodsAndTheStatefulSetNamesIt() {
        Object service = k.only("Service");
        assertThat(Y.string(service, "spec.clusterIP", k.where(service))).isEqualTo("None");
        assertThat(Y.string(workers, "spec.serviceName", k.where(workers))).isEqualTo(Y.string(service, "metadata.name", "Service"));
        Map<String, Object> podLabels = Y.map(workers, "spec.template.metadata.labels", k.where(workers));
        assertThat(podLabels).containsAllEntriesOf(Y.map(workers, "spec.selector.matchLabels", k.where(workers)));
        assertThat(podLabels).containsAllEntriesOf(Y.map(service, "spec.selector", k.where(service)));
        for (String kind : List.of("PodMonitor", "PodDisruptionBudget")) {
            Object o = k.only(kind);
            assertThat(podLabels).as(kind).containsAllEntriesOf(Y.map(o, "spec.selector.matchLabels", k.where(o)));
        }
        Object policy = k.only("NetworkPolicy");
        assertThat(podLabels).containsAllEntriesOf(Y.map(policy, "spec.podSelector.matchLabels", k.where(policy)));
        assertThat(Y.number(k.only("PodDisruptionBudget"), "spec.maxUnavailable", "PodDisruptionBudget")).isEqualTo(1);
    }

    @Test
    void kedaScalesTheWorkerStatefulSetOnTheLagOfTheGroupAndTopicTheWorkersUse() {
        Object scaled = k.only("ScaledObject");
        String where = k.where(scaled);
        assertThat(Y.string(scaled, "spec.scaleTargetRef.kind", where)).isEqualTo("StatefulSet");
        assertThat(Y.string(scaled, "spec.scaleTargetRef.name", where)).isEqualTo(Y.string(workers, "metadata.name", "StatefulSet"));
        Object trigger = Y.list(scaled, "spec.triggers", where).get(0);
        assertThat(Y.string(trigger, "type", where)).isEqualTo("kafka");
        TopicLayout layout = new TopicLayout((String) worker.value("--topic-prefix"),
                RetryTier.parseList((String) worker.value("--retry-tiers"), "--retry-tiers"));
        assertThat(Y.string(trigger, "metadata.bootstrapServers", where)).isEqualTo(worker.value("--bootstrap-servers"));
        assertThat(Y.string(trigger, "metadata.consumerGroup", where)).isEqualTo(layout.workerGroup());
        assertThat(Y.string(trigger, "metadata.topic", where)).isEqualTo(layout.tasks());
        assertThat(topics.value("--topic-prefix")).isEqualTo(layout.prefix());
        assertThat(topics.value("--bootstrap-servers")).isEqualTo(worker.value("--bootstrap-servers"));
    }

    @Test
    void noMoreWorkersThanPartitionsAndTheManifestSaysWhy() {
        int partitions = (int) topics.value("--partitions");
        Object scaled = k.only("ScaledObject");
        long max = Y.number(scaled, "spec.maxReplicaCount", k.where(scaled));
        long min = Y.number(scaled, "spec.minReplicaCount", k.where(scaled));
        assertThat(max).isLessThanOrEqualTo(partitions).isGreaterThanOrEqualTo(min);
        assertThat(min).as("retry tiers and paid polls need a worker while the tasks topic has no lag").isPositive();
        assertThat(Y.number(workers, "spec.replicas", k.where(workers))).isBetween(min, max);
        String text = Repo.read(k.objects.get(scaled));
        int at = text.indexOf("maxReplicaCount:");
        assertThat(text.substring(Math.max(0, at - 300), at)).as("a comment before maxReplicaCount says why")
                .contains("partition", "idle");
    }

    @Test
    void theNetworkPolicyLetsWorkersReachOnlyKafkaDnsAndTheSolverApi() {
        Object policy = k.only("NetworkPolicy");
        String where = k.where(policy);
        assertThat(Y.list(policy, "spec.policyTypes", where)).containsExactlyInAnyOrder("Ingress", "Egress");
        List<Object> egress = Y.list(policy, "spec.egress", where);
        assertThat(egress).allSatisfy(rule -> {
            assertThat(Y.find(rule, "to")).as(where + ": every egress rule names its destination").isNotNull();
            assertThat(Y.find(rule, "ports")).as(where + ": every egress rule names its ports").isNotNull();
        });
        Set<Integer> ports = new TreeSet<>();
        egress.forEach(rule -> Y.list(rule, "ports", where).forEach(p -> ports.add((int) Y.number(p, "port", where))));
        Set<Integer> kafkaPorts = new TreeSet<>();
        for (String server : ((String) worker.value("--bootstrap-servers")).split(",")) {
            String host = server.substring(0, server.lastIndexOf(':'));
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            kafkaPorts.add(port);
            String[] labels = host.split("\\.");
            if (labels.length >= 3 && labels[2].equals("svc")) {
                String namespace = labels[1];
                assertThat(egress).as("egress to namespace %s on port %d", namespace, port).anyMatch(rule ->
                        Y.list(rule, "to", where).stream().anyMatch(to -> namespace.equals(
                                Y.mapOrEmpty(to, "namespaceSelector.matchLabels", where).get("kubernetes.io/metadata.name")))
                        && Y.list(rule, "ports", where).stream().anyMatch(p -> Y.number(p, "port", where) == port));
            }
        }
        Set<Integer> expected = new TreeSet<>(kafkaPorts);
        expected.addAll(List.of(53, 443));
        assertThat(ports).isEqualTo(expected);
        Object ingress = Y.list(policy, "spec.ingress", where).get(0);
        assertThat(k.containerPort(workers, Y.string(Y.list(ingress, "ports", where).get(0), "port", where)))
                .isEqualTo((int) worker.value("--metrics-port"));
    }

    @Test
    void thePrometheusRuleHoldsExactlyTheAlertFilesGroups() {
        Object rule = k.only("PrometheusRule");
        assertThat(Y.list(rule, "spec.groups", k.where(rule))).isEqualTo(Y.list(Repo.yaml("deploy/prometheus/alerts.yml"), "groups", "alerts"));
    }
}
