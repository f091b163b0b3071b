package dev.inspection.training.simplenet;

/** Receives training progress after every optimiser step (on the training thread; keep it cheap). */
@FunctionalInterface
public interface ProgressListener {

    void onStep(TrainingProgress progress);

    ProgressListener NONE = progress -> { };
}
