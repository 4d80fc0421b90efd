package io.captchafleet.common.compact;

/**
 * A 64-bit hash of a task id, standing in for the id where millions of them are kept. Two different
 * ids of one batch share a hash with probability about n²/2⁶⁵: for 5 million tasks, less than one in a
 * million batches. Never 0, which {@link LongLongMap} reserves for empty slots.
 */
public final class TaskHash {
    private TaskHash() {
    }

    public static long of(CharSequence id) {
        long h = 0x9E3779B97F4A7C15L ^ id.length();
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
        }
        h = mix(h);
        return h == 0 ? 1 : h;
    }

    /** MurmurHash3's 64-bit finaliser: every input bit reaches every output bit. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
