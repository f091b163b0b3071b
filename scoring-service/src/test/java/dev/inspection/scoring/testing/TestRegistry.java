package dev.inspection.scoring.testing;

import com.google.protobuf.ByteString;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.api.model.v1.ModelVersion;
import dev.inspection.api.training.v1.ArtifactChunk;
import dev.inspection.api.training.v1.DownloadArtifactRequest;
import dev.inspection.api.training.v1.GetVersionRequest;
import dev.inspection.api.training.v1.ModelRegistryGrpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-test ModelRegistry (GetVersion, DownloadArtifact) over a real socket, serving versions the test registers. */
public final class TestRegistry extends ModelRegistryGrpc.ModelRegistryImplBase implements AutoCloseable {

    private static final int CHUNK = 256 * 1024;

    private record Entry(ModelManifest manifest, Map<String, byte[]> files) {
    }

    private final Map<String, TreeMap<Integer, Entry>> versions = new ConcurrentHashMap<>();
    private final Map<String, Integer> active = new ConcurrentHashMap<>();
    private final AtomicInteger downloads = new AtomicInteger();
    private final int port;
    private Server server;

    public TestRegistry(int port) throws IOException {
        this.port = port;
        start();
    }

    /** (Re)starts serving on the same port with the versions registered so far. */
    public synchronized void start() throws IOException {
        if (server == null || server.isShutdown()) {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).addService(this).build()
                    .start();
        }
    }

    /** Stops serving, as a registry outage would. */
    public synchronized void stop() throws InterruptedException {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    public int port() {
        return port;
    }

    /** Registers (or replaces) a version with its files; {@code makeActive} makes it the registry's active one. */
    public synchronized void register(ModelManifest manifest, Map<String, byte[]> files, boolean makeActive) {
        versions.computeIfAbsent(manifest.getModelName(), k -> new TreeMap<>())
                .put(manifest.getVersion(), new Entry(manifest, Map.copyOf(files)));
        if (makeActive) {
            active.put(manifest.getModelName(), manifest.getVersion());
        }
    }

    /** Artifact downloads served so far. */
    public int downloads() {
        return downloads.get();
    }

    private synchronized Entry find(String model, int version) {
        TreeMap<Integer, Entry> byVersion = versions.get(model);
        if (byVersion == null) {
            throw Status.NOT_FOUND.withDescription("unknown model '" + model + "'").asRuntimeException();
        }
        int wanted = version == 0 ? active.getOrDefault(model, 0) : version;
        Entry entry = byVersion.get(wanted);
        if (entry == null) {
            throw Status.NOT_FOUND.withDescription("model '" + model + "' has no version " + version).asRuntimeException();
        }
        return entry;
    }

    @Override
    public void getVersion(GetVersionRequest request, StreamObserver<ModelVersion> responses) {
        try {
            Entry entry = find(request.getModelName(), request.getVersion());
            int activeVersion = active.getOrDefault(request.getModelName(), 0);
            responses.onNext(ModelVersion.newBuilder().setModelName(request.getModelName())
                    .setVersion(entry.manifest().getVersion()).setManifest(entry.manifest())
                    .setActive(activeVersion == entry.manifest().getVersion()).build());
            responses.onCompleted();
        } catch (RuntimeException e) {
            responses.onError(e);
        }
    }

    @Override
    public void downloadArtifact(DownloadArtifactRequest request, StreamObserver<ArtifactChunk> responses) {
        try {
            Entry entry = find(request.getModelName(), request.getVersion());
            byte[] data = entry.files().get(request.getFile());
            if (data == null) {
                throw Status.NOT_FOUND.withDescription("no file '" + request.getFile() + "'").asRuntimeException();
            }
            downloads.incrementAndGet();
            for (int offset = 0; offset < data.length || offset == 0; offset += CHUNK) {
                ArtifactChunk.Builder chunk = ArtifactChunk.newBuilder()
                        .setData(ByteString.copyFrom(data, offset, Math.min(CHUNK, data.length - offset)));
                if (offset == 0) {
                    chunk.setTotalSize(data.length);
                }
                responses.onNext(chunk.build());
                if (data.length == 0) {
                    break;
                }
            }
            responses.onCompleted();
        } catch (RuntimeException e) {
            responses.onError(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
