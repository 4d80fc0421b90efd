package io.captchafleet.worker.retry;

import java.util.Objects;

import io.captchafleet.common.errors.Classification;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.topics.RetryTier;

/** What happens to a task after a failed solve, as decided by {@link RetryRouter}. */
public sealed interface NextStep permits NextStep.RetrySoon, NextStep.RetryLater, NextStep.Fail, NextStep.Resubmit, NextStep.Halt {

    /**
     * Submit again in this attempt once {@code delay} has passed, without a retry record: the first retry of a transient
     * submit failure (about a second, or the provider's documented wait when it asks for one), or the one more try a task
     * error allows (at once). The task stays with this worker meanwhile; its input record stays unfinished, so a crash
     * meanwhile costs nothing but the record read again.
     *
     * @param error the failure retried, a task error's code is recorded with the next paid submit (it is retried once)
     */
    record RetrySoon(java.time.Duration delay, Classification error) implements NextStep {
        public RetrySoon {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(error, "error");
        }
    }

    /** Move to a retry tier: the next attempt's record, due at its {@code not_before}. */
    record RetryLater(TaskRecord next, RetryTier tier) implements NextStep {
        public RetryLater {
            Objects.requireNonNull(next, "next");
            Objects.requireNonNull(tier, "tier");
        }
    }

    /** Failed for good in this generation, with this error. */
    record Fail(Classification error, String reason) implements NextStep {
    }

    /** The provider forgot the solver id: submit again in the same attempt (within the paid-submit cap). */
    record Resubmit() implements NextStep {
    }

    /** A fatal error: keep the task (do not consume it) and halt the fleet. */
    record Halt(Classification error) implements NextStep {
    }
}
