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

/** Where a command sends its gRPC calls, and how (TLS, message size, deadline). */
public final class GrpcTarget {

    /** Images and feature maps exceed gRPC's 4 MiB default; the services accept 64 MiB. */
    public static final int MAX_MESSAGE_BYTES = 64 << 20;

    @Option(names = "--target", description = "host:port of the service (default: ${DEFAULT-VALUE})",
            defaultValue = "localhost:8081")
    String target;

    @Option(names = "--tls", description = "Use TLS (the server's certificate must be trusted, see --ca-cert).")
    boolean tls;

    @Option(names = "--ca-cert", description = "PEM file of the CA that signed the server certificate (implies --tls).")
    File caCert;

    @Option(names = "--deadline-seconds", description = "Deadline of each call in seconds (default: ${DEFAULT-VALUE}).",
            defaultValue = "600")
    long deadlineSeconds;

    public GrpcTarget() {
    }

    /** A target for a service this process started itself on localhost. */
    public static GrpcTarget local(int port) {
        GrpcTarget t = new GrpcTarget();
        t.target = "localhost:" + port;
        t.deadlineSeconds = 3600;
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
        return Grpc.newChannelBuilder(target, credentials)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build();
    }

    public long deadlineSeconds() {
        return deadlineSeconds;
    }

    public TimeUnit deadlineUnit() {
        return TimeUnit.SECONDS;
    }

    @Override
    public String toString() {
        return target;
    }
}
