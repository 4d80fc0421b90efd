package io.captchafleet.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.captchafleet.cli.CommandModel;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** docs/running-at-scale.md: its command lines are ones the CLI takes, its files exist, its example task submits. */
@ExtendWith(KafkaClusterExtension.class)
class RunningAtScaleDocTest {
    static final String DOC = "docs/running-at-scale.md";
    private static final Pattern COMPOSE_RUN = Pattern.compile("docker compose run --rm (?:-T )?producer ([^<>`\\n]*)");
    private static final Pattern KUBECTL_RUN = Pattern.compile("captcha-fleet-cli[^\\n]*?\\\\\\n\\s*(--env=\\S+) -- ([^<>`\\n]*)");
    private static final Pattern PATHS = Pattern.compile("`((?:deploy|docs|cli)/[^`*<> ]+|docker-compose\\.yml|\\.dockerignore)`");

    private final String doc = Repo.read(DOC);

    @Test
    void everyOperatorCommandInTheDocIsOneTheCliTakes() {
        Map<String, String> producerEnv = Compose.load(Map.of()).environment("producer");
        List<String> problems = new ArrayList<>();
        int found = 0;
        Matcher m = COMPOSE_RUN.matcher(doc);
        while (m.find()) {
            found++;
            problems.addAll(new CliInvocation(DOC + ": " + m.group(), List.of(m.group(1).trim().split("\\s+")), producerEnv).problems());
        }
        Matcher k = KUBECTL_RUN.matcher(doc);
        while (k.find()) {
            found++;
            String[] env = k.group(1).substring("--env=".length()).split("=", 2);
            problems.addAll(new CliInvocation(DOC + ": kubectl run ... " + k.group(2), List.of(k.group(2).trim().split("\\s+")),
                    Map.of(env[0], env[1])).problems());
        }
        assertThat(found).isGreaterThanOrEqualTo(5);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyFileTheDocNamesExists() {
        Matcher m = PATHS.matcher(doc);
        List<String> named = new ArrayList<>();
        while (m.find()) {
            named.add(m.group(1));
        }
        assertThat(named).contains("deploy/k8s/scaledobject.yaml", "docker-compose.yml");
        named.stream().filter(p -> !p.contains("/secrets/"))
                .forEach(p -> assertThat(Files.exists(Repo.path(p.replaceAll("/$", "")))).as(DOC + " names " + p).isTrue());
    }

    @Test
    void theExampleTaskSubmitsAndShowsInStatus(TestKafka kafka, @TempDir Path dir) throws IOException {
        Matcher m = Pattern.compile("printf '%s\\\\n' '([^']+)' > tasks.jsonl").matcher(doc);
        assertThat(m.find()).as(DOC + " shows how to write tasks.jsonl").isTrue();
        Path tasks = dir.resolve("tasks.jsonl");
        Files.writeString(tasks, m.group(1) + "\n");
        Map<String, String> env = new LinkedHashMap<>(Map.of("CAPTCHA_FLEET_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "CAPTCHA_FLEET_TOPIC_PREFIX", kafka.newTopicPrefix(), "CAPTCHA_FLEET_PARTITIONS", "2"));

        Map.Entry<Integer, String> submit = CommandModel.run(env, "submit", tasks.toString(), "--batch", "b1");
        Map.Entry<Integer, String> status = CommandModel.run(env, "status", "--batch", "b1");

        assertThat(submit.getKey()).as(submit.getValue()).isZero();
        assertThat(submit.getValue()).startsWith("Submitted batch \"b1\": 1 published");
        assertThat(status.getKey()).as(status.getValue()).isZero();
        assertThat(status.getValue()).contains("total 1");
    }
}
