package dev.inspection.api.grpc;

import io.grpc.Context;
import java.util.concurrent.Callable;

/**
 * The cancellable gRPC context a client runs one server-streaming call under, so that the stream
 * is cancelled on the wire when the caller stops reading half way ({@link #close}).
 *
 * <p>It hangs off a fork of the current context, attached for its lifetime. On Quarkus's
 * duplicated Vert.x context a context detached back to ROOT stays current
 * (quarkusio/quarkus#55480): a cancellable context made directly off the current one would, once
 * cancelled, cancel the caller's next call (another service, the next artifact). What stays behind
 * instead is the fork, which nothing cancels.
 */
public final class ClientStreamContext implements AutoCloseable {

    private final Context fork;
    private final Context previous;
    private final Context.CancellableContext call;

    private ClientStreamContext() {
        fork = Context.current().fork();
        previous = fork.attach();
        call = fork.withCancellation();
    }

    /** Forks the current context, attaches the fork and makes the call's cancellable context off it. */
    public static ClientStreamContext open() {
        return new ClientStreamContext();
    }

    /** Runs {@code work} (which starts and reads the stream) in the cancellable context. */
    public void run(Runnable work) {
        call.run(work);
    }

    /** Like {@link #run}, with a result. */
    public <T> T call(Callable<T> work) throws Exception {
        return call.call(work);
    }

    /** Cancels the stream (a no-op once it has ended) and restores the context that was current. */
    @Override
    public void close() {
        call.cancel(null);
        fork.detach(previous);
    }
}
