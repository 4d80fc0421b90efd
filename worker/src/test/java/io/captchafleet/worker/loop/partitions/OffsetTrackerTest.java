package io.captchafleet.worker.loop.partitions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    @Test
    void commitsUpToTheLowestUnfinishedOffsetThenToThePosition() {
        OffsetTracker t = new OffsetTracker();
        t.advanceTo(10);
        t.start(10);
        t.start(11);
        t.pass(12);
        t.start(13);
        assertThat(t.commitOffset()).isEqualTo(10);

        t.finish(11);
        t.finish(10);
        assertThat(t.commitOffset()).isEqualTo(13);

        t.finish(13);
        assertThat(t.commitOffset()).isEqualTo(14); // nothing unfinished: the position, so lag reaches zero
    }

    @Test
    void rewindingForARecordNotYetDueCommitsNoFurtherThanIt() {
        OffsetTracker t = new OffsetTracker();
        t.pass(0);
        t.pass(1);
        t.rewindTo(2);
        assertThat(t.commitOffset()).isEqualTo(2);
        assertThat(t.needsCommit()).isTrue();
        t.committed(2);
        assertThat(t.needsCommit()).isFalse();
    }

    @Test
    void withNoPositionYetNothingIsCommittedUntilARecordOrTheConsumerSaysWhere() {
        OffsetTracker t = new OffsetTracker();
        assertThat(t.hasPosition()).isFalse();
        assertThat(t.needsCommit()).isFalse();
        t.start(7);
        assertThat(t.commitOffset()).isEqualTo(7);
        t.finish(7);
        assertThat(t.commitOffset()).isEqualTo(8);
    }
}
