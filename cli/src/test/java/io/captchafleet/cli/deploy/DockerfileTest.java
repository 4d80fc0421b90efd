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
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.captchafleet.cli.CommandModel;
import org.junit.jupiter.api.Test;

/** deploy/Dockerfile and .dockerignore: what the image will be, checked without a Docker engine. */
class DockerfileTest {
    private final Dockerfile dockerfile = new Dockerfile();
    private final Dockerfile.Stage runtime = dockerfile.runtime();
    private final DockerIgnore ignore = new DockerIgnore(Repo.meaningfulLines(".dockerignore"));
    private final CliInvocation worker = new CliInvocation(Dockerfile.FILE + " (worker)", List.of("worker"), Map.of());

    @Test
    void mavenBuildsTheJarAndASlimJava17JreRunsIt() {
        assertThat(dockerfile.stages).hasSizeGreaterThanOrEqualTo(2);
        Dockerfile.Stage build = dockerfile.stages.get(0);
        assertThat(build.from()).matches("maven:[0-9.]+-eclipse-temurin-17");
        assertThat(build.name()).isNotNull();
        assertThat(build.all("RUN")).anyMatch(r -> r.contains("mvn ") && r.contains(" package") && r.contains("-DskipTests"));
        assertThat(runtime.from()).matches("eclipse-temurin:17[0-9._-]*-jre");
        assertThat(jarCopied(runtime, build)).isEqualTo("/src/cli/target/captcha-fleet-worker.jar");
        assertThat(Repo.read("cli/pom.xml")).as("the shaded jars' names").contains("<finalName>captcha-fleet-worker</finalName>",
                "<finalName>captcha-fleet</finalName>");
    }

    @Test
    void theDefaultImageRunsTheWorkerJarAndTheFullTargetTheJarWithBrokerAndSimulatorAtTheSamePlace() {
        Dockerfile.Stage build = dockerfile.stages.get(0);
        Dockerfile.Stage full = dockerfile.stage("full").orElseThrow(() -> new AssertionError(Dockerfile.FILE + ": no stage 'full'"));
        assertThat(jarCopied(full, build)).isEqualTo("/src/cli/target/captcha-fleet.jar");
        assertThat(full.from()).isEqualTo(runtime.from());
        assertThat(full.last("USER")).isEqualTo(runtime.last("USER"));
        assertThat(full.last("ENTRYPOINT")).isEqualTo(runtime.last("ENTRYPOINT"));
        String destination = runtime.all("COPY").stream().filter(c -> c.contains("--from=")).findFirst().orElseThrow();
        assertThat(full.all("COPY").stream().filter(c -> c.contains("--from="))).singleElement()
                .satisfies(c -> assertThat(c.substring(c.lastIndexOf(' '))).isEqualTo(destination.substring(destination.lastIndexOf(' '))));
    }

    /** The one jar a stage copies from the build stage. */
    private static String jarCopied(Dockerfile.Stage stage, Dockerfile.Stage build) {
        List<String> copies = stage.all("COPY").stream().filter(c -> c.contains("--from=" + build.name())).toList();
        assertThat(copies).as(Dockerfile.FILE + ": stage " + stage.name() + " copies one jar from " + build.name()).hasSize(1);
        return copies.get(0).split("\\s+")[1];
    }

    @Test
    void theBuildStageCopiesThePomOfEveryModuleTheReactorLists() {
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Repo.read("pom.xml"));
        List<String> modules = new ArrayList<>();
        while (module.find()) {
            modules.add(module.group(1));
        }
        assertThat(modules).contains("cli", "examples/downstream");
        List<String> copies = dockerfile.stages.get(0).all("COPY");
        assertThat(modules).as("Maven refuses a reactor with a module whose pom is missing")
                .allSatisfy(m -> assertThat(copies).anyMatch(c -> c.startsWith(m + "/pom.xml ")));
    }

    @Test
    void theImageRunsAsANonRootUser() {
        assertThat(runtime.last("USER")).as("USER in the runtime stage").isPresent();
        assertThat(dockerfile.user()).isNotIn("root", "0").matches("[0-9]+");
    }

    @Test
    void theEntryPointIsTheCaptchaFleetLauncherWithItsJarBesideIt() {
        assertThat(json(runtime.last("ENTRYPOINT").orElseThrow()).get(0).asText()).isEqualTo("captcha-fleet");
        String launcherDir = destinationOf("captcha-fleet").replaceFirst("/captcha-fleet$", "");
        assertThat(destinationOf("--from=")).as("the launcher runs <its folder>/cli/target/captcha-fleet.jar")
                .isEqualTo(launcherDir + "/cli/target/captcha-fleet.jar");
        assertThat(Repo.read("captcha-fleet")).contains("jar=\"$here/cli/target/captcha-fleet.jar\"");
        assertThat(env().get("PATH")).startsWith(launcherDir + ":");
    }

    @Test
    void exposeAndHealthcheckUseTheWorkersMetricsPortAndHealthPath() {
        int port = (int) worker.value("--metrics-port");
        assertThat(runtime.all("EXPOSE")).containsExactly(Integer.toString(port));
        String healthcheck = runtime.last("HEALTHCHECK").orElseThrow(() -> new AssertionError(Dockerfile.FILE + ": no HEALTHCHECK"));
        Matcher url = Pattern.compile("http://127\\.0\\.0\\.1:\\$\\{([A-Z_]+):-([0-9]+)}(/[a-z]+)").matcher(healthcheck);
        assertThat(url.find()).as("HEALTHCHECK calls http://127.0.0.1:${VAR:-PORT}/path: " + healthcheck).isTrue();
        assertThat(url.group(1)).isEqualTo(CommandModel.variableFor(CommandModel.subcommand(List.of("worker")).orElseThrow()
                .findOption("--metrics-port")));
        assertThat(Integer.parseInt(url.group(2))).isEqualTo(port);
        assertThat(url.group(3)).isEqualTo("/health");
        assertThat(runtime.all("RUN")).as("the health check's curl is installed").anyMatch(r -> r.contains("install") && r.contains("curl"));
    }

    @Test
    void theImagesVariablesAreOnesTheWorkerOrLauncherReads() {
        Map<String, String> env = env();
        env.remove("PATH");
        assertThat(new CliInvocation(Dockerfile.FILE + " ENV", List.of("worker"), env).problems()).isEmpty();
        assertThat(env).containsKey("CAPTCHA_FLEET_JAVA_OPTS");
    }

    @Test
    void theBuildContextHoldsWhatTheBuildCopiesAndNoSecretsOrBuildOutput() throws IOException {
        List<String> copied = new ArrayList<>();
        for (Dockerfile.Stage stage : dockerfile.stages) {
            for (String copy : stage.all("COPY")) {
                if (!copy.contains("--from=")) {
                    List<String> parts = Stream.of(copy.split("\\s+")).filter(p -> !p.startsWith("--")).toList();
                    copied.addAll(parts.subList(0, parts.size() - 1));
                }
            }
        }
        List<String> files = new ArrayList<>();
        for (String source : copied) {
            Path p = Repo.path(source);
            assertThat(p).as(Dockerfile.FILE + " copies " + source).exists();
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).map(Repo::relative).filter(f -> !f.contains("/target/")).forEach(files::add);
                }
            } else {
                files.add(source);
            }
        }
        assertThat(files).hasSizeGreaterThan(100);
        assertThat(files.stream().filter(ignore::excludes).collect(Collectors.toList())).as(".dockerignore leaves out a copied file").isEmpty();
        assertThat(List.of(".git/HEAD", ".env", "secrets/captcha-api.key", "deploy/k8s/secrets/captcha-api.key", "cli/target/captcha-fleet.jar",
                "worker/target/classes/x.class", ".captcha-fleet/broker/meta.properties", "worker/src/main/resources/.env", "results.jsonl",
                "deploy/compose/simulator-api-key.txt"))
                .allSatisfy(f -> assertThat(ignore.excludes(f)).as(".dockerignore excludes " + f).isTrue());
    }

    private Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"[^\"]*\"|\\S+)").matcher(String.join(" ", runtime.all("ENV")));
        while (m.find()) {
            env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
        }
        return env;
    }

    /** The destination of the runtime stage's COPY whose arguments contain the text. */
    private String destinationOf(String text) {
        String copy = runtime.all("COPY").stream().filter(c -> c.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError(Dockerfile.FILE + ": no COPY with " + text));
        String[] parts = copy.split("\\s+");
        return parts[parts.length - 1];
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError(Dockerfile.FILE + ": not a JSON array (exec form): " + text, e);
        }
    }
}
