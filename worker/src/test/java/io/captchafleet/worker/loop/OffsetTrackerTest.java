package io.captchafleet.worker.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    @Test
    void commitsUpToTheLowestUnfinishedOffsetThenToThePosition() {
        OffsetTracker t = new OffsetTracker(10);
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
        OffsetTracker t = new OffsetTracker(0);
        t.pass(0);
        t.pass(1);
        t.rewindTo(2);
        assertThat(t.commitOffset()).isEqualTo(2);
        assertThat(t.needsCommit()).isTrue();
        t.committed(2);
        assertThat(t.needsCommit()).isFalse();
    }
}
