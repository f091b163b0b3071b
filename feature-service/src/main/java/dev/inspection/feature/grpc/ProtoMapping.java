package dev.inspection.feature.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.FeatureMap;
import dev.inspection.api.common.v1.Image;
import dev.inspection.api.common.v1.ImageFormat;
import dev.inspection.api.common.v1.ImageInfo;
import dev.inspection.api.common.v1.RawImage;
import dev.inspection.api.common.v1.Tensor;
import dev.inspection.api.feature.v1.BackboneInfo;
import dev.inspection.api.feature.v1.BackboneLevel;
import dev.inspection.api.feature.v1.ExtractOptions;
import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.api.feature.v1.StageTimings;
import dev.inspection.core.image.PixelFormat;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.tensor.Float16;
import dev.inspection.core.tensor.LittleEndian;
import dev.inspection.feature.backbone.BackboneLevelSpec;
import dev.inspection.feature.backbone.BackboneManifest;
import dev.inspection.feature.extraction.ExtractionResult;
import dev.inspection.feature.extraction.ImageInput;
import dev.inspection.feature.extraction.LevelMap;
import dev.inspection.feature.extraction.OutputSelection;

import java.util.List;

/** Request validation and conversions between the v1 messages and the domain types. */
final class ProtoMapping {

    static final String PATCH_EMBEDDINGS = "patch_embeddings";
    private static final int MIN_INPUT_SIDE = 32;
    private static final int MAX_INPUT_SIDE = 2048;

    private ProtoMapping() {
    }

    static ImageInput image(Image image, String field) {
        return switch (image.getPayloadCase()) {
            case ENCODED -> {
                if (image.getEncoded().isEmpty()) {
                    throw GrpcErrors.invalid(field + ".encoded is empty (0 bytes)");
                }
                yield new ImageInput.Encoded(image.getEncoded().toByteArray(), image.getName());
            }
            case RAW -> {
                RawImage raw = image.getRaw();
                PixelFormat format = switch (raw.getFormat()) {
                    case RGB8 -> PixelFormat.RGB8;
                    case GRAY8 -> PixelFormat.GRAY8;
                    default -> throw GrpcErrors.invalid(field + ".raw.format must be RGB8 or GRAY8, got " + raw.getFormat());
                };
                yield new ImageInput.Raw(format, raw.getWidth(), raw.getHeight(), raw.getPixels().toByteArray(), image.getName());
            }
            case PAYLOAD_NOT_SET -> throw GrpcErrors.invalid(field + " has no payload: set encoded or raw");
        };
    }

    static PreprocessingSpec preprocessing(ExtractOptions options, PreprocessingSpec defaults) {
        if (!options.hasPreprocessing()) {
            return defaults;
        }
        Preprocessing p = options.getPreprocessing();
        PreprocessingSpec.Mode mode = switch (p.getMode()) {
            case RESIZE_MODE_UNSPECIFIED -> defaults.mode();
            case RESIZE_CENTER_CROP -> PreprocessingSpec.Mode.RESIZE_CENTER_CROP;
            case RESIZE_WHOLE -> PreprocessingSpec.Mode.RESIZE_WHOLE;
            default -> throw GrpcErrors.invalid("options.preprocessing.mode " + p.getMode() + " is unknown");
        };
        int crop = p.getCropSize() == 0 ? defaults.cropSize() : p.getCropSize();
        int resize = p.getResizeSize() == 0 ? (mode == PreprocessingSpec.Mode.RESIZE_WHOLE ? crop : defaults.resizeSize()) : p.getResizeSize();
        if (crop < MIN_INPUT_SIDE || crop > MAX_INPUT_SIDE) {
            throw GrpcErrors.invalid("options.preprocessing.crop_size must be in [" + MIN_INPUT_SIDE + ", " + MAX_INPUT_SIDE + "], got " + crop);
        }
        if (mode == PreprocessingSpec.Mode.RESIZE_CENTER_CROP && resize < crop) {
            throw GrpcErrors.invalid("options.preprocessing.resize_size (" + resize + ") must be >= crop_size (" + crop + ")");
        }
        float[] mean = vector(p.getMeanList(), defaults.mean(), "mean");
        float[] std = vector(p.getStdList(), defaults.std(), "std");
        for (float s : std) {
            if (!(s > 0)) {
                throw GrpcErrors.invalid("options.preprocessing.std values must be > 0");
            }
        }
        return new PreprocessingSpec(mode, resize, crop, mean, std);
    }

    private static float[] vector(List<Float> values, float[] defaults, String name) {
        if (values.isEmpty()) {
            return defaults;
        }
        if (values.size() != 3) {
            throw GrpcErrors.invalid("options.preprocessing." + name + " needs 3 values (R, G, B), got " + values.size());
        }
        return new float[]{values.get(0), values.get(1), values.get(2)};
    }

    static OutputSelection selection(ExtractOptions options, BackboneManifest manifest) {
        List<String> levels = options.getLevelsList().isEmpty()
                ? manifest.levels().stream().map(BackboneLevelSpec::name).toList()
                : options.getLevelsList();
        for (String level : levels) {
            if (manifest.levels().stream().noneMatch(l -> l.name().equals(level))) {
                throw GrpcErrors.invalid("options.levels: backbone " + manifest.id() + " has no level '" + level + "'");
            }
        }
        return switch (options.getOutput()) {
            case OUTPUT_KIND_UNSPECIFIED, PATCH_EMBEDDINGS -> OutputSelection.patchEmbeddingsOnly();
            case LEVEL_MAPS -> new OutputSelection(false, levels);
            case PATCH_EMBEDDINGS_AND_LEVEL_MAPS -> new OutputSelection(true, levels);
            default -> throw GrpcErrors.invalid("options.output " + options.getOutput() + " is unknown");
        };
    }

    static DType dtype(ExtractOptions options) {
        return switch (options.getDtype()) {
            case DTYPE_UNSPECIFIED, FLOAT32 -> DType.FLOAT32;
            case FLOAT16 -> DType.FLOAT16;
            default -> throw GrpcErrors.invalid("options.dtype " + options.getDtype() + " is unknown");
        };
    }

    /** Encodes a result; returns the response and the nanoseconds spent serialising. */
    static ExtractResponse response(String requestId, ExtractionResult result, DType dtype, BackboneManifest manifest) {
        long t0 = System.nanoTime();
        ExtractResponse.Builder response = ExtractResponse.newBuilder()
                .setRequestId(requestId)
                .setBackboneId(manifest.id())
                .setBackboneSha256(manifest.sha256())
                .setInputInfo(ImageInfo.newBuilder()
                        .setWidth(result.inputInfo().width())
                        .setHeight(result.inputInfo().height())
                        .setChannels(Math.min(3, result.inputInfo().channels()))
                        .setFormat(format(result.inputInfo().format())));
        if (result.patchEmbeddings() != null) {
            int rows = result.gridHeight() * result.gridWidth();
            response.addFeatures(FeatureMap.newBuilder()
                    .setName(PATCH_EMBEDDINGS)
                    .setTensor(tensor(result.patchEmbeddings(), 0, rows * result.embedDim(), dtype, rows, result.embedDim()))
                    .setGridHeight(result.gridHeight())
                    .setGridWidth(result.gridWidth())
                    .setStride(result.patchStride()));
        }
        for (LevelMap map : result.levelMaps()) {
            response.addFeatures(FeatureMap.newBuilder()
                    .setName(map.name())
                    .setTensor(tensor(map.values(), map.offset(), map.floats(), dtype, map.channels(), map.height(), map.width()))
                    .setGridHeight(map.height())
                    .setGridWidth(map.width())
                    .setStride(map.stride()));
        }
        var times = result.times();
        response.setTimings(StageTimings.newBuilder()
                .setDecodeUs(times.decodeNanos() / 1000)
                .setResizeUs(times.preprocessNanos() / 1000)
                .setQueueUs(times.queueNanos() / 1000)
                .setBackboneUs(times.backboneNanos() / 1000)
                .setAggregationUs(times.aggregationNanos() / 1000)
                .setBatchSize(times.batchSize())
                .setSerializationUs((System.nanoTime() - t0) / 1000));
        return response.build();
    }

    private static Tensor tensor(float[] values, int offset, int count, DType dtype, int... shape) {
        byte[] bytes;
        if (dtype == DType.FLOAT16) {
            bytes = new byte[count * 2];
            Float16.encode(values, offset, bytes, 0, count);
        } else {
            bytes = new byte[count * 4];
            LittleEndian.putFloats(values, offset, bytes, 0, count);
        }
        Tensor.Builder tensor = Tensor.newBuilder().setDtype(dtype);
        for (int d : shape) {
            tensor.addShape(d);
        }
        // The array is ours alone from here on: wrap it instead of copying 4-8 MB again.
        ByteString data = UnsafeByteOperations.unsafeWrap(bytes);
        return tensor.setData(data).build();
    }

    private static ImageFormat format(dev.inspection.core.image.ImageFormat format) {
        if (format == null) {
            return ImageFormat.IMAGE_FORMAT_UNSPECIFIED;
        }
        return switch (format) {
            case PNG -> ImageFormat.PNG;
            case JPEG -> ImageFormat.JPEG;
            case BMP -> ImageFormat.BMP;
            default -> ImageFormat.IMAGE_FORMAT_UNSPECIFIED;
        };
    }

    static BackboneInfo backboneInfo(BackboneManifest manifest, String executionProvider) {
        BackboneInfo.Builder info = BackboneInfo.newBuilder()
                .setId(manifest.id())
                .setSha256(manifest.sha256())
                .setEmbedDim(manifest.embedDim())
                .addAllPatchLevels(manifest.patchLevels())
                .setExecutionProvider(executionProvider)
                .setPreprocessing(Preprocessing.newBuilder()
                        .setMode(ResizeMode.RESIZE_CENTER_CROP)
                        .setResizeSize(manifest.resizeSize())
                        .setCropSize(manifest.cropSize())
                        .addMean(manifest.mean()[0]).addMean(manifest.mean()[1]).addMean(manifest.mean()[2])
                        .addStd(manifest.std()[0]).addStd(manifest.std()[1]).addStd(manifest.std()[2]));
        for (BackboneLevelSpec level : manifest.levels()) {
            info.addLevels(BackboneLevel.newBuilder().setName(level.name()).setChannels(level.channels()).setStride(level.stride()));
        }
        return info.build();
    }

}
