package dev.inspection.training.simplenet;

/** Training stopped because its {@link CancellationToken} asked; no model is produced. */
public final class TrainingCancelledException extends RuntimeException {

    private final int completedSteps;

    public TrainingCancelledException(int completedSteps, int totalSteps) {
        super("SimpleNet training cancelled after " + completedSteps + " of " + totalSteps + " steps");
        this.completedSteps = completedSteps;
    }

    public int completedSteps() {
        return completedSteps;
    }
}
