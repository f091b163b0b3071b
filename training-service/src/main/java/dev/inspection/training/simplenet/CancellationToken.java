package dev.inspection.training.simplenet;

import java.util.concurrent.atomic.AtomicBoolean;

/** Asked before every training step; once it answers true, training stops with {@link TrainingCancelledException}. */
@FunctionalInterface
public interface CancellationToken {

    boolean isCancellationRequested();

    CancellationToken NEVER = () -> false;

    /** A token backed by a flag the caller sets. */
    static CancellationToken of(AtomicBoolean flag) {
        return flag::get;
    }
}
