package io.captchafleet.common.compact;

import java.util.function.LongBinaryOperator;

/**
 * A map from non-zero {@code long} keys (task hashes) to {@code long} values in two primitive arrays,
 * with open addressing and linear probing: 16 bytes per slot, 1.4 to 2.9 slots per entry, so a million
 * tasks take 32 MiB at most. Not thread-safe.
 */
public final class LongLongMap {
    /** What {@link #get} answers for a key that is not there. */
    public static final long ABSENT = Long.MIN_VALUE;
    private static final double MAX_LOAD = 0.7;

    private long[] keys;
    private long[] values;
    private int size;
    private int resizeAt;

    public LongLongMap() {
        allocate(1024);
    }

    public int size() {
        return size;
    }

    /** The value of {@code key}, or {@link #ABSENT}. */
    public long get(long key) {
        int slot = find(key);
        return keys[slot] == 0 ? ABSENT : values[slot];
    }

    public boolean containsKey(long key) {
        return keys[find(key)] != 0;
    }

    /** Sets the value; returns the previous one or {@link #ABSENT}. */
    public long put(long key, long value) {
        return merge(key, value, (old, given) -> given);
    }

    /**
     * Stores {@code value} if the key is new, else {@code combine(old, value)}; returns the previous
     * value or {@link #ABSENT}.
     */
    public long merge(long key, long value, LongBinaryOperator combine) {
        checkKey(key);
        int slot = find(key);
        if (keys[slot] != 0) {
            long old = values[slot];
            values[slot] = combine.applyAsLong(old, value);
            return old;
        }
        keys[slot] = key;
        values[slot] = value;
        if (++size > resizeAt) {
            grow();
        }
        return ABSENT;
    }

    /** Removes the key; returns its value or {@link #ABSENT}. */
    public long remove(long key) {
        int slot = find(key);
        if (keys[slot] == 0) {
            return ABSENT;
        }
        long old = values[slot];
        deleteAt(slot);
        size--;
        return old;
    }

    /** Calls {@code action} for every entry, in no particular order. */
    public void forEach(EntryConsumer action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                action.accept(keys[i], values[i]);
            }
        }
    }

    /** Receives one entry. */
    @FunctionalInterface
    public interface EntryConsumer {
        void accept(long key, long value);
    }

    private int find(long key) {
        int mask = keys.length - 1;
        int slot = (int) TaskHash.mix(key) & mask;
        while (keys[slot] != 0 && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Backward-shift deletion keeps probe chains unbroken without tombstones. */
    private void deleteAt(int slot) {
        int mask = keys.length - 1;
        int hole = slot;
        int next = (slot + 1) & mask;
        while (keys[next] != 0) {
            int home = (int) TaskHash.mix(keys[next]) & mask;
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                keys[hole] = keys[next];
                values[hole] = values[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        keys[hole] = 0;
        values[hole] = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = find(oldKeys[i]);
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new long[capacity];
        resizeAt = (int) (capacity * MAX_LOAD);
    }

    private static void checkKey(long key) {
        if (key == 0) {
            throw new IllegalArgumentException("key 0 is reserved for empty slots");
        }
    }
}
