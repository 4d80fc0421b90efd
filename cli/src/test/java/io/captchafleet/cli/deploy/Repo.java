package io.captchafleet.cli.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository's deployment files as the tests read them: located from the module directory the
 * tests run in, parsed with SnakeYAML (anchors and merge keys resolved, as Docker Compose and kubectl
 * do) or Jackson. Every read failure names the file.
 */
final class Repo {
    static final Path ROOT = findRoot();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Repo() {
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("cli")) && Files.isRegularFile(d.resolve("captcha-fleet"))) {
                return d;
            }
        }
        throw new IllegalStateException("No captcha-fleet checkout above " + dir);
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String relative(Path p) {
        return ROOT.relativize(p.toAbsolutePath()).toString().replace('\\', '/');
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + relative + ": " + e.getMessage(), e);
        }
    }

    /** Every file below {@code deploy/} (and the root compose file) whose name ends with one of the suffixes. */
    static List<String> deployFiles(String... suffixes) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(path("deploy"))) {
            walk.filter(Files::isRegularFile).map(Repo::relative)
                    .filter(f -> Stream.of(suffixes).anyMatch(f::endsWith)).sorted().forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (Stream.of(suffixes).anyMatch("docker-compose.yml"::endsWith)) {
            found.add(0, "docker-compose.yml");
        }
        return found;
    }

    /** Every YAML document of a file (Kubernetes files may hold several), empty documents left out. */
    static List<Object> yamlDocuments(String relative) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        try {
            List<Object> docs = new ArrayList<>();
            for (Object doc : yaml.loadAll(read(relative))) {
                if (doc != null) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (RuntimeException e) {
            throw new AssertionError(relative + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** The one YAML document of a file, which must be a mapping. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String relative) {
        List<Object> docs = yamlDocuments(relative);
        if (docs.size() != 1 || !(docs.get(0) instanceof Map)) {
            throw new AssertionError(relative + ": expected one YAML mapping, found " + docs.size() + " documents");
        }
        return (Map<String, Object>) docs.get(0);
    }

    static JsonNode json(String relative) {
        try {
            return JSON.readTree(read(relative));
        } catch (IOException e) {
            throw new AssertionError(relative + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The lines of a file that are not blank and not comments, trimmed. */
    static List<String> meaningfulLines(String relative) {
        return read(relative).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toList());
    }
}
