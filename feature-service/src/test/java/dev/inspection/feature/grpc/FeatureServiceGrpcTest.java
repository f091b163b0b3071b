package dev.inspection.feature.grpc;

import com.google.protobuf.ByteString;
import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.FeatureMap;
import dev.inspection.api.common.v1.Image;
import dev.inspection.api.common.v1.RawImage;
import dev.inspection.api.common.v1.RawPixelFormat;
import dev.inspection.api.feature.v1.ExtractBatchRequest;
import dev.inspection.api.feature.v1.ExtractOptions;
import dev.inspection.api.feature.v1.ExtractRequest;
import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.feature.v1.FeatureServiceGrpc;
import dev.inspection.api.feature.v1.ListBackbonesRequest;
import dev.inspection.api.feature.v1.OutputKind;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.core.tensor.Float16;
import dev.inspection.core.tensor.FloatTensor;
import dev.inspection.core.tensor.LittleEndian;
import dev.inspection.core.tensor.RawTensorFiles;
import dev.inspection.api.testing.ServerReflectionCheck;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The running service over a real socket, with real grpc-java clients. */
@QuarkusTest
class FeatureServiceGrpcTest {

    @TestHTTPResource("/")
    URL base;

    private ManagedChannel channel;
    private FeatureServiceGrpc.FeatureServiceBlockingStub stub;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(base.getHost(), base.getPort()).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
        stub = FeatureServiceGrpc.newBlockingStub(channel);
        awaitReady();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                stub.listBackbones(ListBackbonesRequest.getDefaultInstance());
                return;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    throw e;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static ExtractRequest encoded(byte[] bytes, String name) {
        return ExtractRequest.newBuilder().setRequestId(name)
                .setImage(Image.newBuilder().setEncoded(ByteString.copyFrom(bytes)).setName(name)).build();
    }

    private static float[] floats(FeatureMap map) {
        byte[] data = map.getTensor().getData().toByteArray();
        return map.getTensor().getDtype() == DType.FLOAT16 ? Float16.decode(data) : LittleEndian.toFloats(data);
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void bottleImageGivesGoldenPatchEmbeddings() throws Exception {
        ExtractResponse response = stub.extract(encoded(TestImages.read(TestImages.goldenBottle()), "bottle-000"));
        assertEquals("bottle-000", response.getRequestId());
        FeatureMap map = response.getFeatures(0);
        assertEquals("patch_embeddings", map.getName());
        assertEquals(List.of(1296, 1536), map.getTensor().getShapeList());
        assertEquals(36, map.getGridHeight());
        assertEquals(36, map.getGridWidth());
        assertEquals(8, map.getStride());
        FloatTensor golden = RawTensorFiles.readF16(TestImages.shared().resolve(
                "models/resnet50_keras_imagenet/golden/golden288.patch_features.f16"), 1296, 1536);
        double diff = maxAbsDiff(floats(map), golden.data());
        assertTrue(diff <= 1e-2, "patch embeddings differ from golden288 by " + diff);
        assertEquals(448, response.getInputInfo().getWidth());
        assertTrue(response.getTimings().getBackboneUs() > 0);
    }

    @Test
    void levelMapsAsFloat16MatchTheGoldenBackboneOutputs() throws Exception {
        ExtractRequest request = encoded(TestImages.read(TestImages.goldenBottle()), "levels").toBuilder()
                .setOptions(ExtractOptions.newBuilder().setOutput(OutputKind.LEVEL_MAPS).addLevels("layer3")
                        .setDtype(DType.FLOAT16)).build();
        ExtractResponse response = stub.extract(request);
        assertEquals(1, response.getFeaturesCount());
        FeatureMap layer3 = response.getFeatures(0);
        assertEquals(List.of(1024, 18, 18), layer3.getTensor().getShapeList());
        FloatTensor golden = RawTensorFiles.readF32(TestImages.shared().resolve(
                "models/resnet50_keras_imagenet/golden/golden288.layer3.f32"), 1024, 18, 18);
        // float16 carries ~3 significant digits; values reach ~20.
        double diff = maxAbsDiff(floats(layer3), golden.data());
        assertTrue(diff <= 2e-2, "layer3 differs from golden288 by " + diff);
    }

    @Test
    void batchAndStreamAgreeWithSingleCalls() throws Exception {
        byte[] a = TestImages.read(TestImages.shared().resolve("data/mvtec_ad/bottle/test/good/000.png"));
        byte[] b = TestImages.read(TestImages.shared().resolve("data/magnetic_tile/test/good").toFile().listFiles()[0].toPath());
        float[] single = floats(stub.extract(encoded(a, "a")).getFeatures(0));

        var batch = stub.extractBatch(ExtractBatchRequest.newBuilder()
                .addImages(Image.newBuilder().setEncoded(ByteString.copyFrom(a)))
                .addImages(Image.newBuilder().setEncoded(ByteString.copyFrom(b)))
                .build());
        assertEquals(2, batch.getResultsCount());
        assertTrue(maxAbsDiff(single, floats(batch.getResults(0).getFeatures(0))) < 1e-4);

        List<String> order = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        StreamObserver<ExtractRequest> requests = FeatureServiceGrpc.newStub(channel).extractStream(new StreamObserver<>() {
            @Override
            public void onNext(ExtractResponse value) {
                order.add(value.getRequestId());
            }

            @Override
            public void onError(Throwable t) {
                error.set(t);
                done.countDown();
            }

            @Override
            public void onCompleted() {
                done.countDown();
            }
        });
        for (int i = 0; i < 5; i++) {
            requests.onNext(encoded(i % 2 == 0 ? a : b, "frame-" + i));
        }
        requests.onCompleted();
        assertTrue(done.await(60, TimeUnit.SECONDS));
        assertNull(error.get());
        assertEquals(List.of("frame-0", "frame-1", "frame-2", "frame-3", "frame-4"), order);
    }

    @Test
    void batchResultsKeepRequestOrderAndABadImageFailsTheCallWithItsStatus() {
        List<byte[]> bottles = new ArrayList<>();
        for (String name : List.of("good/000.png", "broken_large/000.png", "contamination/000.png")) {
            bottles.add(TestImages.read(TestImages.shared().resolve("data/mvtec_ad/bottle/test").resolve(name)));
        }
        ExtractOptions small = ExtractOptions.newBuilder().setPreprocessing(Preprocessing.newBuilder()
                .setMode(ResizeMode.RESIZE_WHOLE).setCropSize(96)).build();
        ExtractBatchRequest.Builder batch = ExtractBatchRequest.newBuilder().setOptions(small);
        for (byte[] bottle : bottles) {
            batch.addImages(Image.newBuilder().setEncoded(ByteString.copyFrom(bottle)));
        }
        var response = stub.extractBatch(batch.build());
        assertEquals(3, response.getResultsCount());
        for (int i = 0; i < bottles.size(); i++) {
            assertEquals(Integer.toString(i), response.getResults(i).getRequestId());
            float[] single = floats(stub.extract(encoded(bottles.get(i), "single").toBuilder().setOptions(small).build())
                    .getFeatures(0));
            assertEquals(0.0, maxAbsDiff(single, floats(response.getResults(i).getFeatures(0))), "image " + i);
        }

        byte[] corrupt = bottles.get(1).clone();
        for (int i = 100; i < corrupt.length; i += 50) {
            corrupt[i] ^= 0x5a;
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.extractBatch(batch
                .setImages(1, Image.newBuilder().setEncoded(ByteString.copyFrom(corrupt)).setName("scratched.png")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("scratched.png"), e.getStatus().getDescription());
    }

    @Test
    void rawRgbAndWholeResizeWork() {
        int w = 96;
        int h = 40;
        byte[] pixels = new byte[w * h * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        ExtractResponse response = stub.extract(ExtractRequest.newBuilder()
                .setImage(Image.newBuilder().setRaw(RawImage.newBuilder().setFormat(RawPixelFormat.RGB8)
                        .setWidth(w).setHeight(h).setPixels(ByteString.copyFrom(pixels))))
                .setOptions(ExtractOptions.newBuilder().setPreprocessing(Preprocessing.newBuilder()
                        .setMode(ResizeMode.RESIZE_WHOLE).setCropSize(128)))
                .build());
        assertEquals(List.of(256, 1536), response.getFeatures(0).getTensor().getShapeList());
    }

    private void assertStatus(Status.Code code, ExtractRequest request, String messagePart) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.extract(request));
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(e.getStatus().getDescription() != null && e.getStatus().getDescription().contains(messagePart),
                "'" + e.getStatus().getDescription() + "' should mention '" + messagePart + "'");
    }

    @Test
    void badInputsGetClearStatusesWhileAGoodRequestSucceeds() throws Exception {
        byte[] good = TestImages.read(TestImages.goldenBottle());
        CompletableFuture<ExtractResponse> concurrent = CompletableFuture.supplyAsync(() -> stub.extract(encoded(good, "good")));

        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        byte[] corrupt = good.clone();
        for (int i = 100; i < corrupt.length; i += 50) {
            corrupt[i] ^= 0x5a;
        }
        assertStatus(Status.Code.INVALID_ARGUMENT, encoded(new byte[0], "empty.png"), "empty");
        assertStatus(Status.Code.INVALID_ARGUMENT, encoded(truncated, "truncated.png"), "truncated.png");
        assertStatus(Status.Code.INVALID_ARGUMENT, encoded(corrupt, "corrupt.png"), "corrupt.png");
        assertStatus(Status.Code.INVALID_ARGUMENT, encoded("GIF89a....".getBytes(), "anim.gif"), "GIF");
        assertStatus(Status.Code.INVALID_ARGUMENT, encoded(TestImages.onePixelPng(), "dot.png"), "1x1");
        assertStatus(Status.Code.INVALID_ARGUMENT, encoded(TestImages.sixteenBitPng(), "deep.png"), "16-bit");
        assertStatus(Status.Code.INVALID_ARGUMENT, encoded(TestImages.cmykJpegHeader(), "print.jpg"), "CMYK");
        assertStatus(Status.Code.RESOURCE_EXHAUSTED, encoded(TestImages.pngHeaderOnly(50_000, 50_000), "bomb.png"), "limit");
        assertStatus(Status.Code.INVALID_ARGUMENT, ExtractRequest.newBuilder()
                .setImage(Image.newBuilder().setRaw(RawImage.newBuilder().setFormat(RawPixelFormat.GRAY8)
                        .setWidth(64).setHeight(64).setPixels(ByteString.copyFrom(new byte[100])))).build(), "4096 bytes");
        assertStatus(Status.Code.INVALID_ARGUMENT, encoded(good, "x").toBuilder()
                .setOptions(ExtractOptions.newBuilder().addLevels("layer9").setOutput(OutputKind.LEVEL_MAPS)).build(), "layer9");
        assertStatus(Status.Code.NOT_FOUND, encoded(good, "x").toBuilder()
                .setOptions(ExtractOptions.newBuilder().setBackboneId("vit-huge")).build(), "vit-huge");

        ExtractResponse ok = concurrent.get(60, TimeUnit.SECONDS);
        assertEquals(1296, ok.getFeatures(0).getTensor().getShape(0));
        // Still serving after all of that.
        assertEquals(1296, stub.extract(encoded(good, "after")).getFeatures(0).getTensor().getShape(0));
    }

    @Test
    void deadlineInThePastIsReported() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub
                .withDeadlineAfter(1, TimeUnit.MILLISECONDS)
                .extract(encoded(TestImages.read(TestImages.goldenBottle()), "late")));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
    }

    @Test
    void healthReflectionAndHttpSurfaces() {
        HealthCheckResponse health = HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());

        ServerReflectionCheck.assertListsEveryService(channel, List.of(FeatureServiceGrpc.SERVICE_NAME));

        var backbones = stub.listBackbones(ListBackbonesRequest.getDefaultInstance());
        assertEquals("resnet50_keras_imagenet", backbones.getBackbones(0).getId());
        assertEquals("b5dd1cceb85b3f78378c08ced4e1312a57bbf3f714a972e37cecb60f96331885", backbones.getBackbones(0).getSha256());
        assertNotNull(backbones.getBackbones(0).getExecutionProvider());

        given().port(base.getPort()).when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"));
        given().port(base.getPort()).when().get("/q/metrics").then().statusCode(200);
    }
}
