package dev.inspection.training.bgad;

import com.google.protobuf.ByteString;
import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.FeatureMap;
import dev.inspection.api.common.v1.Image;
import dev.inspection.api.common.v1.RawImage;
import dev.inspection.api.common.v1.RawPixelFormat;
import dev.inspection.api.common.v1.Tensor;
import dev.inspection.api.feature.v1.BackboneInfo;
import dev.inspection.api.feature.v1.BackboneLevel;
import dev.inspection.api.feature.v1.ExtractOptions;
import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.feature.v1.OutputKind;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.core.features.LevelMaps;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.RgbImage;
import dev.inspection.core.tensor.LittleEndian;
import dev.inspection.training.clients.FeatureClient;
import java.util.ArrayList;
import java.util.List;

/**
 * BGAD's backbone levels from the feature service: {@code ExtractBatch} with LEVEL_MAPS in float32
 * (the dtype the scoring service asks for, so training-time evaluation and serving see the same
 * values), images sent as raw RGB8 with the chosen preprocessing, each {@code [C, H, W]} map turned into
 * position rows.
 */
public final class FeatureServiceLevelSource implements LevelFeatureSource {

    private final FeatureClient features;
    private final BackboneInfo backbone;
    private final List<BackboneLevel> levels;
    private final int batchSize;

    /**
     * @param levelNames backbone levels BGAD uses, in order (layer1, layer2, layer3)
     * @param batchSize  images per ExtractBatch call (three float32 level maps of a 256 input are ~7 MB)
     * @throws IllegalArgumentException when the backbone lacks one of the levels
     */
    public FeatureServiceLevelSource(FeatureClient features, BackboneInfo backbone, List<String> levelNames,
                                     int batchSize) {
        this.features = features;
        this.backbone = backbone;
        this.batchSize = Math.max(1, batchSize);
        this.levels = new ArrayList<>(levelNames.size());
        for (String name : levelNames) {
            levels.add(backbone.getLevelsList().stream().filter(l -> l.getName().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("backbone '" + backbone.getId() + "' has no level '"
                            + name + "' (levels: " + backbone.getLevelsList().stream().map(BackboneLevel::getName)
                            .toList() + ")")));
        }
    }

    /** The wire form of a preprocessing spec. */
    public static Preprocessing toProto(PreprocessingSpec spec) {
        Preprocessing.Builder p = Preprocessing.newBuilder()
                .setMode(spec.mode() == PreprocessingSpec.Mode.RESIZE_WHOLE ? ResizeMode.RESIZE_WHOLE
                        : ResizeMode.RESIZE_CENTER_CROP)
                .setResizeSize(spec.resizeSize()).setCropSize(spec.cropSize());
        for (float v : spec.mean()) {
            p.addMean(v);
        }
        for (float v : spec.std()) {
            p.addStd(v);
        }
        return p.build();
    }

    @Override
    public List<LevelShape> levelShapes(int inputSize) {
        List<LevelShape> shapes = new ArrayList<>(levels.size());
        for (BackboneLevel level : levels) {
            int stride = level.getStride();
            if (stride < 1 || inputSize % stride != 0) {
                throw new IllegalArgumentException("input size " + inputSize + " is not a multiple of level "
                        + level.getName() + "'s stride " + stride);
            }
            shapes.add(new LevelShape(level.getChannels(), inputSize / stride, inputSize / stride));
        }
        return shapes;
    }

    @Override
    public List<float[][]> extract(List<RgbImage> images, PreprocessingSpec spec) {
        ExtractOptions options = ExtractOptions.newBuilder().setBackboneId(backbone.getId())
                .setOutput(OutputKind.LEVEL_MAPS).setDtype(DType.FLOAT32).setPreprocessing(toProto(spec))
                .addAllLevels(levels.stream().map(BackboneLevel::getName).toList()).build();
        List<LevelShape> shapes = levelShapes(spec.cropSize());
        List<float[][]> out = new ArrayList<>(images.size());
        for (int start = 0; start < images.size(); start += batchSize) {
            List<RgbImage> batch = images.subList(start, Math.min(images.size(), start + batchSize));
            List<Image> wire = new ArrayList<>(batch.size());
            for (RgbImage image : batch) {
                wire.add(Image.newBuilder().setRaw(RawImage.newBuilder().setFormat(RawPixelFormat.RGB8)
                        .setWidth(image.width()).setHeight(image.height())
                        .setPixels(ByteString.copyFrom(image.rgb()))).build());
            }
            for (ExtractResponse response : features.extractBatch(wire, options)) {
                if (!response.getBackboneSha256().isEmpty() && !response.getBackboneSha256().equals(backbone.getSha256())) {
                    throw new IllegalStateException("feature service answered with backbone sha256 "
                            + response.getBackboneSha256() + ", expected " + backbone.getSha256());
                }
                float[][] rows = new float[levels.size()][];
                for (int l = 0; l < levels.size(); l++) {
                    rows[l] = positionRows(response, levels.get(l).getName(), shapes.get(l));
                }
                out.add(rows);
            }
        }
        return out;
    }

    /** The level's {@code [C, H, W]} float32 map as rows {@code [H*W, C]}. */
    static float[] positionRows(ExtractResponse response, String name, LevelShape shape) {
        for (FeatureMap map : response.getFeaturesList()) {
            if (!map.getName().equals(name)) {
                continue;
            }
            Tensor t = map.getTensor();
            if (t.getShapeCount() != 3 || t.getShape(0) != shape.channels() || t.getShape(1) != shape.height()
                    || t.getShape(2) != shape.width()) {
                throw new IllegalStateException("level " + name + " has shape " + t.getShapeList() + ", expected ["
                        + shape.channels() + ", " + shape.height() + ", " + shape.width() + "]");
            }
            int count = shape.channels() * shape.positions();
            if (t.getDtype() != DType.FLOAT32 || t.getData().size() != 4L * count) {
                throw new IllegalStateException("level " + name + " holds " + t.getData().size() + " bytes of "
                        + t.getDtype() + ", expected " + 4L * count + " bytes of FLOAT32");
            }
            float[] chw = new float[count];
            LittleEndian.getFloats(t.getData().toByteArray(), 0, chw, 0, count);
            float[] rows = new float[count];
            LevelMaps.toPositionRows(chw, 0, shape.channels(), shape.height(), shape.width(), rows, 0);
            return rows;
        }
        throw new IllegalStateException("feature service returned no level '" + name + "'");
    }
}
