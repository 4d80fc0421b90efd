package io.captchafleet.producer.input;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.captchafleet.common.serde.Json;

/**
 * Tells the formats apart by content: {@code [} starts a JSON array, which is a seed checkpoint when its
 * first element has the checkpoint's {@code task_data} and {@code status}; <code>{</code> starts JSON
 * Lines; anything else is taken for CSV. Reads only the first element, never the whole file.
 */
final class FormatSniffer {
    private static final Set<String> CHECKPOINT_FIELDS = Set.of("task_data", "status");

    private FormatSniffer() {
    }

    static InputFormat sniff(Path path) throws IOException {
        int first = firstSignificantByte(path);
        if (first == '{') {
            return InputFormat.JSONL;
        }
        if (first != '[') {
            return first == -1 ? InputFormat.JSONL : InputFormat.CSV;
        }
        return firstElementLooksLikeCheckpoint(path) ? InputFormat.CHECKPOINT : InputFormat.JSON;
    }

    private static int firstSignificantByte(Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            int b;
            while ((b = in.read()) != -1) {
                if (b == 0xEF || b == 0xBB || b == 0xBF || Character.isWhitespace(b)) {
                    continue; // a UTF-8 byte order mark or blank space
                }
                return b;
            }
            return -1;
        }
    }

    private static boolean firstElementLooksLikeCheckpoint(Path path) throws IOException {
        try (JsonParser p = Json.MAPPER.createParser(Files.newInputStream(path))) {
            if (p.nextToken() != JsonToken.START_ARRAY || p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            int seen = 0;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                if (CHECKPOINT_FIELDS.contains(p.currentName())) {
                    seen++;
                }
                p.nextToken();
                p.skipChildren();
            }
            return seen == CHECKPOINT_FIELDS.size() && t == JsonToken.END_OBJECT;
        } catch (JsonProcessingException e) {
            return false; // the JSON reader will say what is wrong, with the line
        }
    }
}
