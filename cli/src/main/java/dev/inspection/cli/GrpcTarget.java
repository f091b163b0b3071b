package dev.inspection.cli;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Where a command sends its gRPC calls, and how (TLS, message size, deadline). */
public final class GrpcTarget {

    /** Images and feature maps exceed gRPC's 4 MiB default; the services accept 64 MiB. */
    public static final int MAX_MESSAGE_BYTES = 64 << 20;

    /** The standard local ports of the services (see README). */
    public static final int DATASET_PORT = 8081;
    public static final int TRAINING_PORT = 8083;
    public static final int SCORING_PORT = 8084;

    @Option(names = "--target", description = "host:port of the service (default: localhost and the service's standard port)")
    String target;

    /** Used when --target is not given. */
    private final String defaultTarget;

    @Option(names = "--tls", description = "Use TLS (the server's certificate must be trusted, see --ca-cert).")
    boolean tls;

    @Option(names = "--ca-cert", description = "PEM file of the CA that signed the server certificate (implies --tls).")
    File caCert;

    @Option(names = "--deadline-seconds", description = "Deadline of each call in seconds (default: ${DEFAULT-VALUE}).",
            defaultValue = "600")
    long deadlineSeconds;

    /** A target that defaults to the dataset service's standard port. */
    public GrpcTarget() {
        this(DATASET_PORT);
    }

    /** A target that defaults to {@code localhost:defaultPort}. */
    public GrpcTarget(int defaultPort) {
        this.defaultTarget = "localhost:" + defaultPort;
    }

    /** A target for a service this process started itself on localhost. */
    public static GrpcTarget local(int port) {
        GrpcTarget t = new GrpcTarget(port);
        t.deadlineSeconds = 3600;
        return t;
    }

    /** The same TLS settings and deadline for another service at {@code hostPort}. */
    public GrpcTarget at(String hostPort) {
        GrpcTarget t = new GrpcTarget();
        t.target = hostPort;
        t.tls = tls;
        t.caCert = caCert;
        t.deadlineSeconds = deadlineSeconds;
        return t;
    }

    public ManagedChannel open() {
        ChannelCredentials credentials;
        if (tls || caCert != null) {
            try {
                TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
                if (caCert != null) {
                    builder.trustManager(caCert);
                }
                credentials = builder.build();
            } catch (IOException e) {
                throw new CliException(ExitCodes.MISSING, "cannot read --ca-cert " + caCert + ": " + e.getMessage(), e);
            }
        } else {
            credentials = InsecureChannelCredentials.create();
        }
        return Grpc.newChannelBuilder(toString(), credentials)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build();
    }

    /** Opens a channel, runs {@code work} on it and shuts the channel down. */
    public <T> T call(Function<ManagedChannel, T> work) {
        ManagedChannel channel = open();
        try {
            return work.apply(channel);
        } finally {
            channel.shutdownNow();
        }
    }

    public long deadlineSeconds() {
        return deadlineSeconds;
    }

    public TimeUnit deadlineUnit() {
        return TimeUnit.SECONDS;
    }

    @Override
    public String toString() {
        return target != null ? target : defaultTarget;
    }
}
