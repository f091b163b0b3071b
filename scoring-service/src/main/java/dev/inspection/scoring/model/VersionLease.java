package dev.inspection.scoring.model;

/** A request's hold on a version: the version stays open until the lease is closed. */
public final class VersionLease implements AutoCloseable {

    private final ServedVersion version;
    private boolean closed;

    VersionLease(ServedVersion version) {
        this.version = version;
    }

    public ServedVersion version() {
        return version;
    }

    /**
     * Another lease on the same version, for work that may outlive this lease (a batch's images).
     *
     * @throws dev.inspection.scoring.engine.ScoringException FAILED_PRECONDITION when the version has closed meanwhile
     */
    public VersionLease share() {
        if (!version.tryRetain()) {
            throw dev.inspection.scoring.engine.ScoringException.failedPrecondition("version " + version.version()
                    + " of model '" + version.modelName() + "' was unloaded");
        }
        return new VersionLease(version);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            version.release();
        }
    }
}
