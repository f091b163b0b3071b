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

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            version.release();
        }
    }
}
