package dev.inspection.scoring.client;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.util.concurrent.TimeUnit;

/** Plaintext grpc-java channels to the suite's other services. */
final class Channels {

    /** Feature maps (8 MB per image in float32) and artifacts exceed gRPC's 4 MiB default. */
    static final int MAX_INBOUND_BYTES = 64 << 20;

    private Channels() {
    }

    /** @param target {@code host:port} */
    static ManagedChannel open(String target, String what) {
        if (target == null || target.isBlank() || !target.contains(":")) {
            throw new IllegalArgumentException(what + " address must be host:port, got '" + target + "'");
        }
        return ManagedChannelBuilder.forTarget(target)
                .usePlaintext()
                .maxInboundMessageSize(MAX_INBOUND_BYTES)
                // Keep the HTTP/2 connection warm between frames of a slow camera line.
                .keepAliveTime(30, TimeUnit.SECONDS)
                .idleTimeout(5, TimeUnit.MINUTES)
                .build();
    }

    static void close(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
