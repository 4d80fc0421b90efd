package io.captchafleet.producer.input;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * SHA-256 of a batch's canonical task list: for every task in order, its id, a tab, its task object as
 * compact JSON with the keys sorted at every level, and a newline. Key order and whitespace in the file
 * therefore do not change the hash; a changed id, value or order does. Checkpoint results are not part
 * of it: the batch is its tasks. Not thread-safe.
 */
public final class ContentHash {
    private static final ObjectWriter CANONICAL = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build()
            .writer();

    private final MessageDigest digest;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

    public ContentHash() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Adds one task; returns the size of its canonical JSON, the bulk of its record. */
    public int add(String id, ObjectNode taskData) {
        buffer.reset();
        try {
            CANONICAL.writeValue(buffer, taskData);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a tree always serializes to memory
        }
        digest.update(id.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\t');
        digest.update(buffer.toByteArray());
        digest.update((byte) '\n');
        return buffer.size();
    }

    /** The hash in lowercase hex; the digest starts over. */
    public String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
