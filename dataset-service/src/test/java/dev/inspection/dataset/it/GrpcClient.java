package dev.inspection.dataset.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.api.dataset.v1.DatasetServiceGrpc;
import dev.inspection.api.dataset.v1.ImportFolderRequest;
import dev.inspection.api.dataset.v1.ImportProgress;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.function.Executable;

/**
 * A real grpc-java client over plaintext HTTP/2 (h2c prior knowledge) to the Quarkus HTTP port,
 * which also serves gRPC (quarkus.grpc.server.use-separate-server=false), so the random test port
 * from {@code @TestHTTPResource} is the gRPC port too.
 */
final class GrpcClient implements AutoCloseable {
    /** Every call gets its own deadline, so a hung server fails a test instead of blocking the build. */
    private static final ClientInterceptor PER_CALL_DEADLINE = new ClientInterceptor() {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return next.newCall(method, options.getDeadline() != null ? options
                    : options.withDeadlineAfter(3, TimeUnit.MINUTES));
        }
    };

    final ManagedChannel channel;
    final DatasetServiceGrpc.DatasetServiceBlockingStub blocking;
    final DatasetServiceGrpc.DatasetServiceStub async;

    GrpcClient(URL httpUrl) {
        channel = ManagedChannelBuilder.forAddress(httpUrl.getHost(), httpUrl.getPort())
                .usePlaintext()
                .maxInboundMessageSize(64 << 20)
                .build();
        Channel withDeadlines = ClientInterceptors.intercept(channel, PER_CALL_DEADLINE);
        blocking = DatasetServiceGrpc.newBlockingStub(withDeadlines);
        async = DatasetServiceGrpc.newStub(withDeadlines);
    }

    /** Runs ImportFolder to its end and returns every event (the last one carries the summary). */
    List<ImportProgress> importFolder(String dataset, String path, boolean create, double validationFraction) {
        Iterator<ImportProgress> events = blocking.importFolder(ImportFolderRequest.newBuilder().setDatasetName(dataset).setPath(path)
                        .setCreateIfMissing(create).setValidationFraction(validationFraction).build());
        List<ImportProgress> all = new ArrayList<>();
        events.forEachRemaining(all::add);
        assertTrue(all.get(all.size() - 1).getDone(), "the last event is the summary");
        return all;
    }

    /** Asserts that the call fails with {@code code} and a message containing {@code fragment}. */
    static StatusRuntimeException assertStatus(Status.Code code, String fragment, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        String description = e.getStatus().getDescription();
        assertTrue(description != null && description.contains(fragment),
                "expected '" + fragment + "' in: " + description);
        return e;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
