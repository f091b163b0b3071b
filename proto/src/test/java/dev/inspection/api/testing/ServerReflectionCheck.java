package dev.inspection.api.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The check every service's tests make on its gRPC surface: a real reflection client (what grpcurl
 * does) lists the services through both reflection protocols, {@code grpc.reflection.v1} and the
 * older {@code grpc.reflection.v1alpha} many tools still speak, and every expected service plus the
 * standard health service must be among them. Shared through this module's test jar.
 */
public final class ServerReflectionCheck {

    /** The standard health service every service of the suite serves. */
    public static final String HEALTH = "grpc.health.v1.Health";

    private static final long TIMEOUT_SECONDS = 30;

    private ServerReflectionCheck() {
    }

    /** Asserts that both reflection protocols list {@code services} and {@link #HEALTH}. */
    public static void assertListsEveryService(Channel channel, Collection<String> services) {
        Set<String> expected = new TreeSet<>(services);
        expected.add(HEALTH);
        Set<String> v1 = listV1(channel);
        Set<String> v1alpha = listV1alpha(channel);
        assertTrue(v1.containsAll(expected), "grpc.reflection.v1 lists " + v1 + ", expected at least " + expected);
        assertTrue(v1alpha.containsAll(expected), "grpc.reflection.v1alpha lists " + v1alpha + ", expected at least "
                + expected);
    }

    /** Service names through {@code grpc.reflection.v1}. */
    public static Set<String> listV1(Channel channel) {
        return list(io.grpc.reflection.v1.ServerReflectionGrpc.newStub(channel)::serverReflectionInfo,
                io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build(),
                r -> r.getListServicesResponse().getServiceList().stream()
                        .map(io.grpc.reflection.v1.ServiceResponse::getName).toList());
    }

    /** Service names through {@code grpc.reflection.v1alpha}. */
    public static Set<String> listV1alpha(Channel channel) {
        return list(io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(channel)::serverReflectionInfo,
                io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("").build(),
                r -> r.getListServicesResponse().getServiceList().stream()
                        .map(io.grpc.reflection.v1alpha.ServiceResponse::getName).toList());
    }

    /** One list-services exchange on a bidirectional reflection stream; waits for the answer, not a fixed time. */
    private static <Q, R> Set<String> list(Function<StreamObserver<R>, StreamObserver<Q>> open, Q request,
                                           Function<R, List<String>> names) {
        CompletableFuture<Set<String>> answer = new CompletableFuture<>();
        StreamObserver<Q> requests = open.apply(new StreamObserver<>() {
            @Override
            public void onNext(R response) {
                answer.complete(new TreeSet<>(names.apply(response)));
            }

            @Override
            public void onError(Throwable t) {
                answer.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                answer.completeExceptionally(new AssertionError("reflection stream ended without an answer"));
            }
        });
        requests.onNext(request);
        requests.onCompleted();
        try {
            return answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("server reflection did not answer: " + e, e);
        }
    }
}
