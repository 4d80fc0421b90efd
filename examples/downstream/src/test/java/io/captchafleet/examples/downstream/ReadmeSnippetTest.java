package io.captchafleet.examples.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The README's Java consumer is this example's code, line for line, so what readers copy is what the tests run. */
class ReadmeSnippetTest {
    private static final Path ROOT = Path.of("..", "..");
    private static final Path SOURCE = Path.of("src/main/java/io/captchafleet/examples/downstream/SolvedTokenConsumer.java");

    @Test
    void theReadmesJavaConsumerIsTheExamplesCode() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("## Results for downstream systems"));
        int start = section.indexOf("```java\n") + "```java\n".length();
        String shown = section.substring(start, section.indexOf("```", start));

        assertThat(shown).isEqualTo(exampleRegion());
        assertThat(readme).contains("examples/downstream/" + SOURCE.toString().replace('\\', '/'));
    }

    /** The lines between the README markers, without the indentation of the first. */
    private static String exampleRegion() throws IOException {
        List<String> lines = Files.readAllLines(SOURCE, StandardCharsets.UTF_8);
        int begin = indexOf(lines, "// README:begin") + 1;
        int end = indexOf(lines, "// README:end");
        String indent = lines.get(begin).substring(0, lines.get(begin).indexOf(lines.get(begin).strip()));
        return lines.subList(begin, end).stream()
                .map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l.strip())
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError(SOURCE + " has no line " + marker);
    }
}
