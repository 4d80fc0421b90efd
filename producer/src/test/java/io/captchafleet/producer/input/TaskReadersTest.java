package io.captchafleet.producer.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.captchafleet.common.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskReadersTest {
    @TempDir
    Path dir;

    @Test
    void jsonLinesTakeTheIdFieldElseTheLineNumberAndReportBadLines() throws IOException {
        List<InputTask> tasks = read("tasks.jsonl", InputFormat.JSONL,
                "{\"id\":\"a\",\"method\":\"x\"}\n\n{\"method\":\"y\"}\n{broken\n[1,2]\n{\"id\":7}\n{\"id\":true}\n");
        assertThat(tasks).extracting(InputTask::id).containsExactly("a", "3", null, null, "7", null);
        assertThat(tasks).extracting(InputTask::line).containsExactly(1L, 3L, 4L, 5L, 6L, 7L);
        assertThat(tasks).extracting(InputTask::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(tasks.get(2).problems()).singleElement().asString().startsWith("not valid JSON (");
        assertThat(tasks.get(3).problems()).containsExactly("expected a JSON object, got an array");
        assertThat(tasks.get(5).problems()).containsExactly("\"id\" must be a string or an integer, got true");
    }

    @Test
    void aJsonArrayNumbersItsElementsAndNamesTheLineEachStartsOn() throws IOException {
        List<InputTask> tasks = read("tasks.json", InputFormat.JSON, "[\n  {\"method\":\"a\"},\n  {\"id\":\"x\",\n   \"method\":\"b\"},\n  \"s\"\n]\n");
        assertThat(tasks).extracting(InputTask::id).containsExactly("1", "x", null);
        assertThat(tasks).extracting(InputTask::line).containsExactly(2L, 3L, 5L);
        assertThat(tasks.get(2).problems()).containsExactly("expected a JSON object, got a string");
    }

    @Test
    void aBrokenJsonArrayEndsTheFileWithOneProblem() throws IOException {
        List<InputTask> tasks = read("tasks.json", InputFormat.JSON, "[\n {\"method\":\"a\"},\n {\"method\": }\n, {}]");
        assertThat(tasks).hasSize(2);
        assertThat(tasks.get(1).line()).isEqualTo(3);
        assertThat(tasks.get(1).problems()).singleElement().asString().endsWith("; the rest of the file was not read");
    }

    @Test
    void csvHasAHeaderRowAndLeavesEmptyCellsOut() throws IOException {
        List<InputTask> tasks = read("tasks.csv", InputFormat.CSV,
                "method,sitekey,pageurl,id\nuserrecaptcha,k1,https://a.b/1,\nhcaptcha,k2,\"https://a.b/2\",h2\n");
        assertThat(tasks).extracting(InputTask::id).containsExactly("2", "h2");
        assertThat(tasks.get(0).taskData().toString()).isEqualTo("{\"method\":\"userrecaptcha\",\"sitekey\":\"k1\",\"pageurl\":\"https://a.b/1\"}");
        assertThat(tasks.get(1).taskData().get("sitekey").asText()).isEqualTo("k2");
    }

    @Test
    void checkpointEntriesKeepTheSeedIndexAsIdAndTheirResult() throws IOException {
        List<InputTask> tasks = read("cp.json", InputFormat.CHECKPOINT, "[\n"
                + " {\"index\": 0, \"task_data\": {\"method\":\"m\"}, \"status\": \"solved\", \"token\": \"T\", \"attempts\": 1, \"solve_time\": 15.3},\n"
                + " {\"index\": 1, \"task_data\": {\"method\":\"m\"}, \"status\": \"failed\", \"error\": \"ERROR_CAPTCHA_UNSOLVABLE\", \"attempts\": 3},\n"
                + " {\"index\": -1, \"task_data\": 5, \"status\": \"done\"},\n"
                + " {\"index\": 3, \"task_data\": {}, \"status\": \"solved\"}\n]");
        assertThat(tasks).extracting(InputTask::id).containsExactly("0", "1", null, null);
        assertThat(tasks.get(0).checkpoint()).isEqualTo(new CheckpointEntry("solved", "T", null, 1, 15.3));
        assertThat(tasks.get(1).checkpoint().solved()).isFalse();
        assertThat(tasks.get(2).problems()).containsExactly(
                "\"index\" must be a whole number of at least 0, got -1",
                "\"task_data\" must be a JSON object, got 5",
                "\"status\" must be one of pending, solving, solved, failed, retrying, got \"done\"");
        assertThat(tasks.get(3).problems()).containsExactly("\"token\" must not be empty in a solved entry");
    }

    @Test
    void theFormatIsDetectedFromTheNameElseTheContent() throws IOException {
        assertThat(file("a.jsonl", "[]").detectFormat()).isEqualTo(InputFormat.JSONL);
        assertThat(file("a.csv", "{}").detectFormat()).isEqualTo(InputFormat.CSV);
        assertThat(file("a.json", "[{\"method\":\"x\"}]").detectFormat()).isEqualTo(InputFormat.JSON);
        assertThat(file("a.json", "{\"method\":\"x\"}\n{\"method\":\"y\"}").detectFormat()).isEqualTo(InputFormat.JSONL);
        assertThat(file("batch_checkpoint.json", "[{\"index\":0,\"task_data\":{\"body\":[1,{}]},\"status\":\"pending\"}]").detectFormat())
                .isEqualTo(InputFormat.CHECKPOINT);
        assertThat(file("tasks", "method,sitekey\n").detectFormat()).isEqualTo(InputFormat.CSV);
    }

    @Test
    void stdinIsSpooledSoItCanBeReadTwiceAndHasNoDefaultBatch() throws IOException {
        try (TaskFile f = TaskFile.open("-", new ByteArrayInputStream("{\"method\":\"x\"}\n".getBytes(StandardCharsets.UTF_8)))) {
            assertThat(f.name()).isEqualTo("stdin");
            assertThat(f.defaultBatch()).isEmpty();
            assertThat(f.detectFormat()).isEqualTo(InputFormat.JSONL);
            assertThat(drain(f.reader(InputFormat.JSONL))).hasSize(1);
            assertThat(drain(f.reader(InputFormat.JSONL))).hasSize(1);
        }
    }

    @Test
    void aMissingFileIsAnInputError() {
        assertThatThrownBy(() -> TaskFile.open(dir.resolve("nope.jsonl").toString(), System.in))
                .isInstanceOf(InputException.class)
                .hasMessage("Cannot read " + dir.resolve("nope.jsonl") + ": no such file");
    }

    private TaskFile file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return TaskFile.open(p.toString(), System.in);
    }

    private List<InputTask> read(String name, InputFormat format, String content) throws IOException {
        try (TaskFile f = file(name, content)) {
            return drain(f.reader(format));
        }
    }

    private static List<InputTask> drain(TaskReader reader) throws IOException {
        List<InputTask> all = new ArrayList<>();
        try (reader) {
            InputTask t;
            while ((t = reader.next()) != null) {
                all.add(t);
            }
        }
        return all;
    }
}
